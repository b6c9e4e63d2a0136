import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A day an admin entered for a year the built-in holiday data (`chinese-days`) does not cover yet:
 * a public holiday (`working` false) or a weekend made a working day (调休, `working` true).
 */
@Entity('calendar_day')
export class CalendarDay {
  /** YYYY-MM-DD. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  date: string;

  @Column({ type: 'boolean' })
  working: boolean;

  /** 元旦, 春节 … (optional). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  name: string | null;

  @Column({ type: 'integer', nullable: true })
  updatedBy: number | null;

  @UpdateDateColumn()
  updatedAt: Date;
}
