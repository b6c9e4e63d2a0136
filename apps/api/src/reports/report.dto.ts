import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable } from '../common/validation.decorators';

/** JSON upload (or the text fields of a multipart upload next to its `file`). */
export class ReportUploadDto {
  @ApiPropertyOptional({ description: 'The report as plain text (give text or html, or upload a file)' })
  @IsOmittable()
  @IsString()
  text?: string;

  @ApiPropertyOptional({ description: 'The report as an HTML page' })
  @IsOmittable()
  @IsString()
  html?: string;

  @ApiPropertyOptional({ description: 'Store under this bureau instead of the one the text names' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  bureauId?: number;

  @ApiPropertyOptional({ description: 'Parent of the bureau if it has to be created' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  parentBureauId?: number;

  @ApiPropertyOptional({ example: 2024 })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2100)
  reportYear?: number;

  @ApiPropertyOptional({ example: 2025 })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2100)
  planYear?: number;

  @ApiPropertyOptional({ example: 'https://www.example.gov.cn/art/2025/3/10/art_1.html' })
  @IsOmittable()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  sourceUrl?: string;
}

export class ReportSummaryDto {
  @ApiProperty() id: number;
  @ApiProperty() bureauId: number;
  @ApiPropertyOptional({ nullable: true, type: String }) bureauName: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) reportYear: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) planYear: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) title: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) publishDate: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) sourceUrl: string | null;
  @ApiProperty() revision: number;
  @ApiProperty({ type: [String] }) warnings: string[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class RevisionChangesDto {
  @ApiProperty({ type: [String] }) added: string[];
  @ApiProperty({ type: [String] }) removed: string[];
  @ApiProperty({ type: [String] }) changed: string[];
  @ApiProperty({ type: [String] }) unchanged: string[];
  @ApiProperty({ description: 'Earlier tasks with progress, kept for a person to reconcile' }) keptWithProgress: Array<{
    id: number;
    path: string;
    title: string;
    status: string;
  }>;
  @ApiProperty({ description: 'Earlier untouched tasks replaced by this revision' }) superseded: number;
}

export class IngestResponseDto {
  @ApiProperty({
    enum: ['created', 'duplicate'],
    description: 'duplicate (HTTP 200): the same content was already stored for this bureau',
  })
  status: string;
  @ApiProperty({ type: ReportSummaryDto }) report: ReportSummaryDto;
  @ApiProperty({ description: 'Tasks (plan items, all levels) of the report' }) itemCount: number;
  @ApiProperty({ type: [String], description: 'e.g. NO_PLAN_SECTION for a report without a plan' }) warnings: string[];
  @ApiPropertyOptional({ type: RevisionChangesDto, nullable: true }) changes: RevisionChangesDto | null;
  @ApiPropertyOptional({
    nullable: true,
    description: 'Report pairs linked (prior plan ↔ follow-up): queued as a job, or inline when Redis is down',
  })
  linking: { pairs: Array<{ priorReportId: number; followupReportId: number }>; mode: string } | null;
}

export class RelinkResponseDto {
  @ApiProperty({ description: 'The pairs linked' }) pairs: Array<{ priorReportId: number; followupReportId: number }>;
}

export class ReportDetailDto extends ReportSummaryDto {
  @ApiProperty({ description: 'Sections found: {kind, heading, start, end}' }) sections: unknown[];
  @ApiProperty() itemCount: number;
  @ApiPropertyOptional({ description: 'The report text (with ?include=text); item offsets point into it' })
  text?: string;
}

export class ReportListQueryDto {
  @ApiPropertyOptional() @IsOmittable() @Type(() => Number) @IsInt() @Min(1) bureauId?: number;
  @ApiPropertyOptional() @IsOmittable() @Type(() => Number) @IsInt() @Min(1990) @Max(2100) planYear?: number;
  @ApiPropertyOptional({ default: 1 }) @IsOmittable() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ default: 50 }) @IsOmittable() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

export class ReportDetailQueryDto {
  @ApiPropertyOptional({ enum: ['text'] }) @IsOmittable() @IsIn(['text']) include?: 'text';
}

export class ReportPageDto {
  @ApiProperty({ type: [ReportSummaryDto] }) items: ReportSummaryDto[];
  @ApiProperty() total: number;
}

export class ParsePreviewDto {
  @ApiProperty({ description: 'Metadata and sections, as `luoshi parse --json` prints them' }) report: unknown;
  @ApiProperty({ description: 'The plan item tree' }) items: unknown[];
  @ApiProperty({ type: [String] }) warnings: string[];
  @ApiProperty({ description: 'The decoded text all offsets point into' }) text: string;
  @ApiPropertyOptional({ nullable: true, description: 'The existing bureau the report would be stored under' })
  matchedBureau: { id: number; name: string } | null;
}
