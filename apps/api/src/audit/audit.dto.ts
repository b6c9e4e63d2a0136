import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable } from '../common/validation.decorators';
import { LINK_DECISIONS, type LinkDecision } from '@luoshi/db';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Bureau id; its sub-bureaus are included' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  bureauId?: number;

  @ApiPropertyOptional({ example: 2024, description: 'The plan year whose follow-through is audited' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2100)
  planYear?: number;
}

export class FollowThroughRowDto {
  @ApiProperty() bureauId: number;
  @ApiProperty() bureauName: string;
  @ApiProperty() commitments: number;
  @ApiProperty() evidenced: number;
  @ApiProperty() partial: number;
  @ApiProperty() notFound: number;
  @ApiProperty({ description: 'Planned again in the follow-up report' }) carriedOver: number;
  @ApiProperty({ description: "Admitted in the follow-up report's problems" }) acknowledgedShortfalls: number;
  @ApiProperty() targetsMet: number;
  @ApiProperty() targetsMissed: number;
  @ApiProperty({ description: 'Share of commitments with evidence (evidenced + partial), 0–1' }) rate: number;
  @ApiProperty({ description: 'Outcomes a person confirmed' }) confirmed: number;
  @ApiProperty({ description: 'Outcomes a person rejected (counted as not found)' }) rejected: number;
}

export class FollowThroughDto {
  @ApiProperty({ type: [FollowThroughRowDto] }) bureaus: FollowThroughRowDto[];
  @ApiProperty({ type: FollowThroughRowDto, description: 'All bureaus above together' }) total: FollowThroughRowDto;
}

export class CommitmentAuditDto {
  @ApiProperty() outcomeId: number;
  @ApiProperty() taskId: number;
  @ApiProperty() bureauId: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) planYear: number | null;
  @ApiProperty() path: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'The commitment as the prior report printed it' }) body: string;
  @ApiProperty() taskStatus: string;
  @ApiProperty() priorReportId: number;
  @ApiProperty() followupReportId: number;
  @ApiProperty({ enum: ['evidenced', 'partial', 'not_found'] }) verdict: string;
  @ApiProperty({
    enum: ['evidenced', 'partial', 'not_found'],
    description: "The verdict after a person's decision (rejected → not_found)",
  })
  effectiveVerdict: string;
  @ApiProperty() score: number;
  @ApiProperty() acknowledgedShortfall: boolean;
  @ApiProperty() carriedOver: boolean;
  @ApiProperty({ description: 'Passages of the follow-up with their heading and the shared terms to highlight' })
  evidence: unknown[];
  @ApiProperty() actions: unknown[];
  @ApiProperty() targets: unknown[];
  @ApiPropertyOptional({ nullable: true, enum: LINK_DECISIONS }) decision: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) decisionNote: string | null;
}

export class DecisionDto {
  @ApiProperty({
    enum: LINK_DECISIONS,
    description: 'confirmed: the evidence is right; rejected: it is not (the commitment counts as not found)',
  })
  @IsIn(LINK_DECISIONS)
  decision: LinkDecision;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class LineageQueryDto {
  @ApiPropertyOptional() @IsOmittable() @Type(() => Number) @IsInt() @Min(1) bureauId?: number;
}

export class LineageChainDto {
  @ApiProperty() bureauId: number;
  @ApiProperty() bureauName: string;
  @ApiProperty({ description: 'The same promise year after year, oldest first: {planYear, taskId, title, status}' })
  links: Array<{ planYear: number; taskId: number; title: string; status: string }>;
  @ApiProperty({ description: 'Years the promise has been made (年年提)' }) years: number;
  @ApiProperty({ description: 'Its latest task is still open' }) open: boolean;
}

export class LineageDto {
  @ApiProperty({ type: [LineageChainDto] }) chains: LineageChainDto[];
  @ApiProperty({ description: 'Per bureau: age in years of the oldest promise still open' }) oldestOpen: Array<{
    bureauId: number;
    bureauName: string;
    years: number;
    title: string;
  }>;
}
