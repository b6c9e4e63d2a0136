import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';
import { MAX_ID } from '../common/parse-id.pipe';
import { TASK_STATUSES } from '@luoshi/tasks';
import { TargetDto, VerifiabilityDto } from '../tasks/task.dto';
import { IsOmittable, toBoolean } from '../common/validation.decorators';
import { PageOf, PageQueryDto } from '../common/paging';

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
  @Max(MAX_ID)
  bureauId?: number;

  @ApiPropertyOptional({
    description:
      'File the report where it would go although the bureau it names clearly differs (else 409 BUREAU_MISMATCH); 确认归入',
  })
  @IsOmittable()
  @Transform(toBoolean)
  @IsBoolean()
  confirmBureau?: boolean;

  @ApiPropertyOptional({ description: 'Parent of the bureau if it has to be created' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
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
  @ApiProperty({ nullable: true, type: String }) bureauName: string | null;
  @ApiProperty({ nullable: true, type: Number }) reportYear: number | null;
  @ApiProperty({ nullable: true, type: Number }) planYear: number | null;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String }) publishDate: string | null;
  @ApiProperty({ nullable: true, type: String }) sourceUrl: string | null;
  @ApiProperty() revision: number;
  @ApiProperty({ type: [String] }) warnings: string[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

/** A task of an earlier revision that had progress, kept for a person to reconcile. */
export class KeptTaskDto {
  @ApiProperty() id: number;
  @ApiProperty() path: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: TASK_STATUSES }) status: string;
}

export class RevisionChangesDto {
  @ApiProperty({ type: [String] }) added: string[];
  @ApiProperty({ type: [String] }) removed: string[];
  @ApiProperty({ type: [String] }) changed: string[];
  @ApiProperty({ type: [String] }) unchanged: string[];
  @ApiProperty({ type: [KeptTaskDto], description: 'Earlier tasks with progress, kept for a person to reconcile' })
  keptWithProgress: KeptTaskDto[];
  @ApiProperty({ description: 'Earlier untouched tasks replaced by this revision' }) superseded: number;
}

/** A prior plan and the follow-up report that answers it. */
export class ReportPairDto {
  @ApiProperty() priorReportId: number;
  @ApiProperty() followupReportId: number;
}

export class LinkingStateDto {
  @ApiProperty({ type: [ReportPairDto] }) pairs: ReportPairDto[];
  @ApiProperty({ enum: ['queued', 'inline'], description: 'queued as a job, or linked inline when Redis is down' })
  mode: string;
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
  @ApiProperty({
    nullable: true,
    type: LinkingStateDto,
    description: 'Report pairs linked (prior plan ↔ follow-up); null for a duplicate',
  })
  linking: LinkingStateDto | null;
}

export class RelinkResponseDto {
  @ApiProperty({ type: [ReportPairDto], description: 'The pairs linked' }) pairs: ReportPairDto[];
}

/** A section of a report: its heading, what kind it is, and where it lies in the text. */
export class SectionDto {
  @ApiProperty({ enum: ['achievements', 'problems', 'duties', 'plan', 'other'] }) kind: string;
  @ApiProperty() heading: string;
  @ApiProperty() start: number;
  @ApiProperty() end: number;
}

export class ReportDetailDto extends ReportSummaryDto {
  @ApiProperty({ type: [SectionDto] }) sections: SectionDto[];
  @ApiProperty() itemCount: number;
  @ApiPropertyOptional({ description: 'The report text (with ?include=text); item offsets point into it' })
  text?: string;
}

export class ReportListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOmittable() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_ID) bureauId?: number;
  @ApiPropertyOptional() @IsOmittable() @Type(() => Number) @IsInt() @Min(1990) @Max(2100) planYear?: number;
}

export class ReportDetailQueryDto {
  @ApiPropertyOptional({ enum: ['text'] }) @IsOmittable() @IsIn(['text']) include?: 'text';
}

export class ReportPageDto extends PageOf(ReportSummaryDto) {}

/** The metadata the parser read, as `luoshi parse --json` prints it. */
export class ParsedReportDto {
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The body whose plan this is' }) bureau: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The body printed as publisher (发布机构)' })
  publisher: string | null;
  @ApiProperty({ nullable: true, type: String, example: '江西省赣州市' }) region: string | null;
  @ApiProperty({ nullable: true, type: Number }) reportYear: number | null;
  @ApiProperty({ nullable: true, type: Number }) planYear: number | null;
  @ApiProperty({ nullable: true, type: String, example: '2025-03-10' }) publishDate: string | null;
  @ApiProperty({ example: 'gb18030' }) encoding: string;
  @ApiProperty({ type: [SectionDto] }) sections: SectionDto[];
}

/** One action (措施) of a parsed plan item. */
export class PlanActionDto {
  @ApiProperty() text: string;
  @ApiProperty() start: number;
  @ApiProperty() end: number;
  @ApiProperty({ type: [String] }) deadlines: string[];
  @ApiProperty({ type: [TargetDto] }) targets: TargetDto[];
  @ApiProperty({ type: VerifiabilityDto }) verifiability: VerifiabilityDto;
}

/** A plan item as parsed, with its children. */
export class PreviewItemDto {
  @ApiProperty({ example: '1.2' }) path: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty() start: number;
  @ApiProperty() end: number;
  @ApiProperty({ nullable: true, type: String }) owner: string | null;
  @ApiProperty({ type: [String] }) coOwners: string[];
  @ApiProperty({ type: [String] }) deadlines: string[];
  @ApiProperty({ nullable: true, type: String }) dueDate: string | null;
  @ApiProperty({ nullable: true, enum: ['weekly', 'monthly', 'quarterly', 'semiannual', 'yearly'] })
  recurrence: string | null;
  @ApiProperty({ type: VerifiabilityDto }) verifiability: VerifiabilityDto;
  @ApiProperty({ type: [TargetDto] }) targets: TargetDto[];
  @ApiProperty({ type: [PlanActionDto] }) actions: PlanActionDto[];
  @ApiProperty({ type: () => [PreviewItemDto] }) children: PreviewItemDto[];
}

export class MatchedBureauDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
}

/** The bureau a report names clearly is not the one it would be filed under (POST /api/reports answers 409 BUREAU_MISMATCH). */
export class BureauMismatchDto {
  @ApiProperty({ example: '赣州市司法局', description: 'The bureau the report names' }) parsedBureau: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '杭州市西湖区司法局',
    description: 'The uploader’s own bureau',
  })
  uploaderBureau: string | null;
  @ApiProperty({
    type: MatchedBureauDto,
    description: 'Where the report would be filed: that bureau, or (createsBureau) the parent of a new one',
  })
  filedUnder: MatchedBureauDto;
  @ApiProperty({ description: 'A new bureau named as the report names it would be created under filedUnder' })
  createsBureau: boolean;
  @ApiProperty({ nullable: true, type: MatchedBureauDto, description: 'The existing bureau the report names, if any' })
  matchedBureau: MatchedBureauDto | null;
}

export class ParsePreviewDto {
  @ApiProperty({ type: ParsedReportDto }) report: ParsedReportDto;
  @ApiProperty({ type: [PreviewItemDto], description: 'The plan item tree' }) items: PreviewItemDto[];
  @ApiProperty({ type: [String] }) warnings: string[];
  @ApiProperty({ description: 'The decoded text all offsets point into' }) text: string;
  @ApiProperty({
    nullable: true,
    type: MatchedBureauDto,
    description: 'The existing bureau the report would be stored under',
  })
  matchedBureau: MatchedBureauDto | null;
  @ApiProperty({
    nullable: true,
    type: BureauMismatchDto,
    description:
      'Set when the bureau the report names clearly is not where it would be filed: choose before confirming',
  })
  bureauMismatch: BureauMismatchDto | null;
}
