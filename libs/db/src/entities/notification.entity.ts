import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationKind } from '@luoshi/tasks';

/**
 * One in-app notification (站内通知) for one person. `dedupeKey` names the event it tells of
 * (`reminder:<reminderId>`, `transition:<progressUpdateId>`, `extension:<id>:requested` …) and is
 * unique per person, so a retried job, a second sweep or a worker killed mid-job never tell
 * anyone twice.
 */
@Entity('notification')
@Index('uq_notification_user_dedupe', ['userId', 'dedupeKey'], { unique: true })
@Index('ix_notification_user_read', ['userId', 'readAt'])
export class Notification {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  /** due_soon, overdue, escalation, approval_waiting, returned, approved, rejected. */
  @Column({ type: 'varchar', length: 32 })
  kind: NotificationKind;

  @Column({ type: 'integer', nullable: true })
  taskId: number | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  /** Where the dashboard leads: `/tasks/<id>`. */
  @Column({ type: 'varchar', length: 255 })
  link: string;

  @Column({ type: 'varchar', length: 255 })
  dedupeKey: string;

  @CreateDateColumn()
  createdAt: Date;

  /** When the person read it; unread while null. */
  @Column({ nullable: true })
  readAt?: Date;
}
