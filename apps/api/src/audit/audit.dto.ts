import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_ID } from '../common/parse-id.pipe';
import { IsOmittable } from '../common/validation.decorators';
import { LINK_DECISIONS, type LinkDecision } from '@luoshi/db';
import { TASK_STATUSES } from '@luoshi/tasks';
import { VERDICTS } from '@luoshi/text';
import { ActionLinkDto, EvidencePassageDto, TargetOutcomeDto } from '../common/link-evidence.dto';
import { PageOf, PageQueryDto } from '../common/paging';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Bureau id; its sub-bureaus are included' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
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
  @ApiProperty({ description: 'Commitments the follow-up report evidences in full (已落实)' }) evidenced: number;
  @ApiProperty({ description: 'Commitments the follow-up report evidences in part (部分落实)' }) partial: number;
  @ApiProperty({ description: 'Commitments without evidence, rejected links included (未见落实)' }) notFound: number;
  @ApiProperty({ description: 'Planned again in the follow-up report' }) carriedOver: number;
  @ApiProperty({ description: "Admitted in the follow-up report's problems" }) acknowledgedShortfalls: number;
  @ApiProperty() targetsMet: number;
  @ApiProperty() targetsMissed: number;
  @ApiProperty({
    description:
      'Follow-through rate (落实率), 0–1 to three decimals: a partly evidenced commitment counts as half, ' +
      '(evidenced + 0.5 × partial) / commitments — 落实率 = (已落实 + 0.5 × 部分落实) ÷ 承诺数',
  })
  rate: number;
  @ApiProperty({
    description:
      'Fully evidenced rate (完全落实率), 0–1 to three decimals: evidenced / commitments — 完全落实率 = 已落实 ÷ 承诺数',
  })
  evidencedRate: number;
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
  @ApiProperty({ nullable: true, type: Number }) planYear: number | null;
  @ApiProperty() path: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'The commitment as the prior report printed it' }) body: string;
  @ApiProperty() taskStatus: string;
  @ApiProperty() priorReportId: number;
  @ApiProperty() followupReportId: number;
  @ApiProperty({ enum: VERDICTS }) verdict: string;
  @ApiProperty({
    enum: VERDICTS,
    description: "The verdict after a person's decision (rejected → not_found)",
  })
  effectiveVerdict: string;
  @ApiProperty() score: number;
  @ApiProperty() acknowledgedShortfall: boolean;
  @ApiProperty() carriedOver: boolean;
  @ApiProperty({
    type: [EvidencePassageDto],
    description: 'Passages of the follow-up with their heading and the shared terms to highlight',
  })
  evidence: EvidencePassageDto[];
  @ApiProperty({ type: [ActionLinkDto] }) actions: ActionLinkDto[];
  @ApiProperty({ type: [TargetOutcomeDto] }) targets: TargetOutcomeDto[];
  @ApiProperty({ nullable: true, enum: LINK_DECISIONS }) decision: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionNote: string | null;
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
  @ApiPropertyOptional() @IsOmittable() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_ID) bureauId?: number;
}

/** One year's restatement of a promise. */
export class LineageLinkDto {
  @ApiProperty() planYear: number;
  @ApiProperty() taskId: number;
  @ApiProperty({ description: 'The report whose plan made the promise that year' }) reportId: number;
  @ApiProperty() title: string;
  @ApiProperty({ enum: TASK_STATUSES }) status: string;
}

export class OldestOpenDto {
  @ApiProperty() bureauId: number;
  @ApiProperty() bureauName: string;
  @ApiProperty({ description: 'Age in years of the oldest promise still open' }) years: number;
  @ApiProperty() title: string;
}

/** A problem the report names (存在问题) and the plan items that answer it. */
export class ProblemCoverageDto {
  @ApiProperty() problem: string;
  @ApiProperty({ description: 'Offset in the report text' }) start: number;
  @ApiProperty() end: number;
  @ApiProperty({ type: [String], description: 'Paths of the plan items that answer it; empty when none does' })
  answeredBy: string[];
}

export class LineageChainDto {
  @ApiProperty() bureauId: number;
  @ApiProperty() bureauName: string;
  @ApiProperty({ type: [LineageLinkDto], description: 'The same promise year after year, oldest first' })
  links: LineageLinkDto[];
  @ApiProperty({ description: 'Years the promise has been made (年年提)' }) years: number;
  @ApiProperty({ description: 'Its latest task is still open' }) open: boolean;
}

export class LineageDto {
  @ApiProperty({ type: [LineageChainDto] }) chains: LineageChainDto[];
  @ApiProperty({ type: [OldestOpenDto], description: 'Per bureau: the oldest promise still open' })
  oldestOpen: OldestOpenDto[];
}

/** The commitments list's filters and paging. */
export class CommitmentQueryDto extends IntersectionType(AuditQueryDto, PageQueryDto) {}

export class CommitmentAuditPageDto extends PageOf(CommitmentAuditDto) {}
