import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const REMINDER_STATUSES = ['pending', 'sent', 'failed', 'cancelled', 'folded'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/**
 * One reminder e-mail owed to one person. `dedupeKey` is unique, so a sweep that runs twice, two
 * workers, or a restart never create a second row for the same reminder.
 */
@Entity('reminder')
@Index('ix_reminder_status_send_on', ['status', 'sendOn'])
@Index('ix_reminder_user_status_send_on', ['userId', 'status', 'sendOn'])
export class Reminder {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Index('uq_reminder_dedupe', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  dedupeKey: string;

  @Index('ix_reminder_item')
  @Column({ type: 'integer', nullable: true })
  planItemId: number | null;

  @Column({ type: 'integer' })
  userId: number;

  /** before, overdue, escalation, digest, annual_report. */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  /** before-7, overdue, escalation-2, digest … */
  @Column({ type: 'varchar', length: 32 })
  key: string;

  @Column({ type: 'date', nullable: true })
  occurrenceDue: string | null;

  @Column({ type: 'date' })
  sendOn: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: ReminderStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ nullable: true })
  sentAt?: Date;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}

/** A person's "stop reminding me about this task". */
@Entity('reminder_mute')
@Index('uq_reminder_mute', ['userId', 'planItemId'], { unique: true })
export class ReminderMute {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  @Column({ type: 'integer' })
  planItemId: number;

  /** A snooze: reminders resume on this day (Asia/Shanghai, YYYY-MM-DD); null mutes for good. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  mutedUntil: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
