import type { TargetResult } from '@luoshi/text';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const LINK_DECISIONS = ['confirmed', 'rejected'] as const;
export type LinkDecision = (typeof LINK_DECISIONS)[number];

/**
 * What a follow-up report says about one commitment (a top-level task) of the prior plan: the
 * linker's verdict and evidence, and a person's decision on it, which survives re-linking.
 */
@Entity('link_outcome')
@Index('uq_link_outcome_item_followup', ['planItemId', 'followupReportId'], { unique: true })
@Index('ix_link_outcome_bureau_year', ['bureauId', 'planYear'])
export class LinkOutcome {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'integer' })
  planItemId: number;

  @Column({ type: 'integer' })
  priorReportId: number;

  @Index('ix_link_outcome_followup')
  @Column({ type: 'integer' })
  followupReportId: number;

  @Column({ type: 'integer' })
  bureauId: number;

  @Column({ type: 'integer', nullable: true })
  planYear: number | null;

  @Column({ type: 'varchar', length: 16 })
  verdict: string;

  @Column({ type: 'float' })
  score: number;

  @Column({ type: 'boolean', default: false })
  acknowledgedShortfall: boolean;

  @Column({ type: 'boolean', default: false })
  carriedOver: boolean;

  @Column({ type: 'simple-json', default: '[]' })
  evidence: Array<Record<string, unknown>>;

  @Column({ type: 'simple-json', default: '[]' })
  actions: Array<Record<string, unknown>>;

  @Column({ type: 'simple-json', default: '[]' })
  targets: TargetResult[];

  @Column({ type: 'varchar', length: 16, nullable: true })
  decision: LinkDecision | null;

  @Column({ type: 'text', nullable: true })
  decisionNote: string | null;

  @Column({ type: 'integer', nullable: true })
  decidedById: number | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
