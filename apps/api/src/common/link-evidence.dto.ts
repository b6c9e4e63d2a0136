import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VERDICTS } from '@luoshi/text';

/** The comparison operators of a target (libs/text's TargetOp). */
export const TARGET_OPS = ['<=', '>=', '<', '>', '='];

/** A passage of the follow-up report that evidences a commitment (stored as the linker found it). */
export class EvidencePassageDto {
  @ApiProperty({ description: "The paragraph's own heading or, failing that, its section's" }) heading: string;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'Offset in the follow-up report text' }) start: number;
  @ApiProperty() end: number;
  @ApiProperty() score: number;
  @ApiProperty({ type: [String], description: 'Words shared with the commitment, for highlighting' }) terms: string[];
}

/** The verdict on one action (措施) of a commitment. */
export class ActionLinkDto {
  @ApiProperty() text: string;
  @ApiProperty({ enum: VERDICTS }) verdict: string;
  @ApiProperty() score: number;
  @ApiProperty({ type: [EvidencePassageDto] }) evidence: EvidencePassageDto[];
  @ApiProperty() acknowledgedShortfall: boolean;
  @ApiProperty() carriedOver: boolean;
  @ApiPropertyOptional({
    description:
      'Why, in Chinese: shared words and their coverage, or what the report says instead (absent on links stored before it was recorded)',
  })
  reason?: string;
}

/** A target of the plan held against the follow-up's figures. */
export class TargetOutcomeDto {
  @ApiProperty() metric: string;
  @ApiProperty({ enum: TARGET_OPS }) op: string;
  @ApiProperty() value: number;
  @ApiProperty({ nullable: true, type: String }) unit: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The figure the follow-up reports; null when none' })
  actual: number | null;
  @ApiProperty({
    oneOf: [{ type: 'boolean' }, { type: 'string', enum: ['unknown'] }],
    description: "Whether the bound was met; 'unknown' when the follow-up gives no figure",
  })
  met: boolean | 'unknown';
}
