import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PlanItem } from './plan-item.entity';
import { ProgressUpdate } from './progress-update.entity';

/**
 * A file attached to a task as evidence, optionally to one of its progress updates. The bytes live
 * in the attachment store under `storageKey`; the content type is what the bytes are, never what
 * the uploader's browser or file name claimed.
 */
@Entity('attachment')
export class Attachment {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Index('ix_attachment_task')
  @Column({ type: 'integer' })
  taskId: number;

  @ManyToOne(() => PlanItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'taskId' })
  task?: PlanItem;

  @Index('ix_attachment_progress')
  @Column({ type: 'integer', nullable: true })
  progressUpdateId: number | null;

  @ManyToOne(() => ProgressUpdate, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'progressUpdateId' })
  progressUpdate?: ProgressUpdate;

  /** The uploader's bureau: the owning bureau or a participating one (配合单位). */
  @Column({ type: 'integer', nullable: true })
  bureauId: number | null;

  @Column({ type: 'integer', nullable: true })
  uploaderId: number | null;

  /** The name as uploaded, made safe (no path, no control characters). */
  @Column({ type: 'varchar', length: 255 })
  originalName: string;

  @Index('uq_attachment_storage_key', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  storageKey: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 120 })
  contentType: string;

  @CreateDateColumn()
  createdAt: Date;
}
