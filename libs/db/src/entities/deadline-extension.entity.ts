import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const EXTENSION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

/** 延期申请: a request to move a task's due date, decided by a supervisor. */
@Entity('deadline_extension')
export class DeadlineExtension {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Index('ix_deadline_extension_item')
  @Column({ type: 'integer' })
  planItemId: number;

  @Column({ type: 'integer', nullable: true })
  requestedById: number | null;

  @Column({ type: 'date', nullable: true })
  oldDueDate: string | null;

  @Column({ type: 'date' })
  newDueDate: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: ExtensionStatus;

  @Column({ type: 'integer', nullable: true })
  decidedById: number | null;

  // No explicit type: TypeORM picks the driver's timestamp type (datetime / timestamp) from the
  // emitted `Date` (a `Date | null` union would emit Object), hence optional rather than nullable.
  @Column({ nullable: true })
  decidedAt?: Date;

  @Column({ type: 'text', nullable: true })
  decisionNote: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
