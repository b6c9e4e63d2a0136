import {
  BeforeInsert,
  BeforeUpdate,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Report } from './report.entity';
import { taskSearchText } from '../search-text.util';

import type { TaskSourceKind, TaskStatus } from '@luoshi/tasks';
import type { Target } from '@luoshi/text';

/** A stored target: the one shape (libs/text). */
export type TargetRecord = Target;

export interface ActionRecord {
  text: string;
  start: number;
  end: number;
  deadlines: string[];
  targets: TargetRecord[];
}

export interface VerifiabilityRecord {
  score: number;
  reasons: string[];
}

/** One node of a report's plan tree, tracked as a task. */
@Entity('plan_item')
@Index('ix_plan_item_bureau_status_due', ['bureauId', 'status', 'dueDate'])
@Index('ix_plan_item_plan_year_bureau', ['planYear', 'bureauId'])
@Index('ix_plan_item_list', ['planYear', 'bureauId', 'status', 'supersededById', 'dueDate'])
export class PlanItem {
  @PrimaryGeneratedColumn('increment')
  id: number;

  /** The report the item was parsed from; null for a task made by hand or imported from a 台账. */
  @Index('ix_plan_item_report')
  @Column({ type: 'integer', nullable: true })
  reportId: number | null;

  @ManyToOne(() => Report, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reportId' })
  report?: Report;

  @Index('ix_plan_item_parent')
  @Column({ type: 'integer', nullable: true })
  parentId: number | null;

  @ManyToOne(() => PlanItem, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parentId' })
  parent?: PlanItem | null;

  /** Denormalised from the report so lists filter without a join. */
  @Column({ type: 'integer' })
  bureauId: number;

  @Column({ type: 'integer', nullable: true })
  planYear: number | null;

  /** Position in the plan tree: "2", "2.1". */
  @Column({ type: 'varchar', length: 32 })
  path: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  owner: string | null;

  @Column({ type: 'simple-json', default: '[]' })
  coOwners: string[];

  @Index('ix_plan_item_due_date')
  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'simple-json', default: '[]' })
  deadlines: string[];

  @Index('ix_plan_item_status')
  @Column({ type: 'varchar', length: 16, default: 'planned' })
  status: TaskStatus;

  @Column({ type: 'simple-json', default: '[]' })
  targets: TargetRecord[];

  @Column({ type: 'varchar', length: 16, nullable: true })
  recurrence: string | null;

  @Column({ type: 'simple-json', default: '[]' })
  actions: ActionRecord[];

  @Column({ type: 'simple-json', nullable: true })
  verifiability: VerifiabilityRecord | null;

  /** Where the task came from (report, manual, instruction, import). */
  @Column({ type: 'varchar', length: 16, default: 'report' })
  sourceKind: TaskSourceKind;

  /** Offsets into the report's normalised text (0, 0 without a report). */
  @Column({ type: 'integer' })
  startOffset: number;

  @Column({ type: 'integer' })
  endOffset: number;

  @Index('ix_plan_item_assignee')
  @Column({ type: 'integer', nullable: true })
  assigneeId: number | null;

  /** The due date the report set, kept when an extension (延期) moves `dueDate`. */
  @Column({ type: 'date', nullable: true })
  originalDueDate: string | null;

  /** Set when a later revision of the same report replaced this task (it had no progress). */
  @Index('ix_plan_item_superseded')
  @Column({ type: 'integer', nullable: true })
  supersededById: number | null;

  /** Last progress update, comment or status change; drives the "stale" traffic light. */
  // No explicit type: TypeORM picks the driver's timestamp type (datetime / timestamp) from the
  // emitted `Date` (a `Date | null` union would emit Object), hence optional rather than nullable.
  @Column({ nullable: true })
  lastActivityAt?: Date;

  /** Optimistic lock: a write carrying a stale version is refused. */
  @VersionColumn()
  version: number;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;

  /** Title, body, lead and co-units folded for search (searchTextOf); never read back. */
  @Column({ type: 'text', nullable: true, select: false })
  searchText?: string | null;

  @BeforeInsert()
  @BeforeUpdate()
  fillSearchText(): void {
    if (this.title !== undefined) this.searchText = taskSearchText(this);
  }
}
