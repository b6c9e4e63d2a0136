import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const CHANNEL_MODES = ['each', 'digest', 'off'] as const;
export type ChannelMode = (typeof CHANNEL_MODES)[number];

/**
 * A chat robot or webhook that reminders are posted to besides e-mail: a bureau's group
 * (`bureauId`) or one person's own (`userId`), never both. The URL (whose token is the robot's
 * credential) and the signing secret are stored sealed (AES-256-GCM, see @luoshi/chat-channels);
 * `urlMasked` is what users see.
 */
@Entity('chat_channel')
export class ChatChannel {
  @PrimaryGeneratedColumn('increment')
  id: number;

  /** dingtalk, wecom, feishu, webhook. */
  @Column({ type: 'varchar', length: 16 })
  platform: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('ix_chat_channel_bureau')
  @Column({ type: 'integer', nullable: true })
  bureauId: number | null;

  @Index('ix_chat_channel_user')
  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  @Column({ type: 'text', select: false })
  urlSealed: string;

  @Column({ type: 'text', nullable: true, select: false })
  secretSealed: string | null;

  @Column({ type: 'varchar', length: 300 })
  urlMasked: string;

  /** each: one post per reminder; digest: one post a day listing them; off: paused. */
  @Column({ type: 'varchar', length: 16, default: 'each' })
  mode: ChannelMode;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}

/**
 * One post owed to one channel. `dedupeKey` is unique (channel, task, reminder, due date), so two
 * sweeps, two workers or a restart never owe it twice; the job that sends it is keyed by its id.
 */
@Entity('channel_delivery')
@Index('ix_channel_delivery_status_send_on', ['status', 'sendOn'])
export class ChannelDelivery {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Index('uq_channel_delivery_dedupe', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  dedupeKey: string;

  @Index('ix_channel_delivery_channel')
  @Column({ type: 'integer' })
  channelId: number;

  @Index('ix_channel_delivery_item')
  @Column({ type: 'integer', nullable: true })
  planItemId: number | null;

  /** before, overdue, escalation, digest. */
  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'varchar', length: 32 })
  key: string;

  @Column({ type: 'date', nullable: true })
  occurrenceDue: string | null;

  @Column({ type: 'date' })
  sendOn: string;

  /** pending, sent, failed, cancelled, folded (listed in the day's digest post). */
  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ nullable: true })
  sentAt?: Date;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
