import type { TargetResult, Verdict } from '@luoshi/text';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const LINK_DECISIONS = ['confirmed', 'rejected'] as const;
export type LinkDecision = (typeof LINK_DECISIONS)[number];

/** A passage of the follow-up that evidences a commitment, as the linker found it (its EvidencePassage). */
export interface EvidencePassageRecord {
  /** The paragraph's own heading or, failing that, its section's. */
  heading: string;
  text: string;
  start: number;
  end: number;
  score: number;
  /** Words shared with the commitment, for highlighting. */
  terms: string[];
}

/** The verdict on one action of a commitment (the linker's ActionLink). */
export interface ActionLinkRecord {
  text: string;
  verdict: Verdict;
  score: number;
  evidence: EvidencePassageRecord[];
  acknowledgedShortfall: boolean;
  carriedOver: boolean;
  /** Why, in Chinese (links stored before it was recorded have none). */
  reason?: string;
}

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
  verdict: Verdict;

  @Column({ type: 'float' })
  score: number;

  @Column({ type: 'boolean', default: false })
  acknowledgedShortfall: boolean;

  @Column({ type: 'boolean', default: false })
  carriedOver: boolean;

  @Column({ type: 'simple-json', default: '[]' })
  evidence: EvidencePassageRecord[];

  @Column({ type: 'simple-json', default: '[]' })
  actions: ActionLinkRecord[];

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
