import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Bureau } from './bureau.entity';

export const USER_ROLES = ['admin', 'supervisor', 'staff'] as const;
export type UserRole = (typeof USER_ROLES)[number];

@Entity('user')
export class User {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Index('uq_user_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 100 })
  displayName: string;

  @Column({ type: 'varchar', length: 16 })
  role: UserRole;

  @Index('ix_user_bureau')
  @Column({ type: 'integer', nullable: true })
  bureauId: number | null;

  @ManyToOne(() => Bureau, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'bureauId' })
  bureau?: Bureau | null;

  /** `scrypt$N$r$p$salt$hash` (node:crypto scrypt); never logged or serialised. */
  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  /** each: one e-mail per reminder; digest: one daily e-mail listing them; off: none. */
  @Column({ type: 'varchar', length: 16, default: 'each' })
  reminderMode: 'each' | 'digest' | 'off';

  /** Receives reminders for the bureau's unassigned tasks. */
  @Column({ type: 'boolean', default: true })
  remindersOptIn: boolean;

  /** Quiet hours (免打扰, HH:MM in Asia/Shanghai, e.g. 12:00–14:00 午休): no reminder e-mail or personal chat post then. */
  @Column({ type: 'varchar', length: 5, nullable: true })
  quietFrom: string | null;

  @Column({ type: 'varchar', length: 5, nullable: true })
  quietTo: string | null;

  /** Secret part of the user's calendar feed URL; rotating it revokes old subscriptions. */
  @Index('uq_user_calendar_token', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true, select: false })
  calendarToken: string | null;

  /** Raised by logout, a password change or disabling: login tokens carrying an older version stop working. */
  @Column({ type: 'integer', default: 0 })
  tokenVersion: number;

  /** Set by an administrator's password reset: until the user changes it, only /api/auth/me, password and logout answer. */
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  /** Set while the account is disabled: every token of the user is refused and login is refused. */
  @Column({ nullable: true })
  disabledAt?: Date;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;
}
