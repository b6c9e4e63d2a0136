import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Bureau } from './bureau.entity';
import { PlanItem } from './plan-item.entity';

/** 'lead': the task's 牵头单位 when that is another bureau than the task's own; 'co': a 配合单位. */
export const PARTICIPANT_ROLES = ['lead', 'co'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/**
 * A bureau that takes part in another bureau's task, resolved from the task's 牵头单位/配合单位
 * text (resolveUnits): its people see the task, report progress on their part and are reminded;
 * the owning bureau alone corrects, assigns and closes it.
 */
@Entity('task_participant')
@Index('uq_task_participant', ['taskId', 'bureauId'], { unique: true })
export class TaskParticipant {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'integer' })
  taskId: number;

  @ManyToOne(() => PlanItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'taskId' })
  task?: PlanItem;

  @Index('ix_task_participant_bureau')
  @Column({ type: 'integer' })
  bureauId: number;

  @ManyToOne(() => Bureau, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bureauId' })
  bureau?: Bureau;

  /** The unit as the task names it (区财政局). */
  @Column({ type: 'varchar', length: 200 })
  unit: string;

  @Column({ type: 'varchar', length: 8 })
  role: ParticipantRole;

  @CreateDateColumn()
  createdAt: Date;
}
