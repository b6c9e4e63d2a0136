import {
  BeforeInsert,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { searchTextOf } from '../search-text.util';
import { PlanItem } from './plan-item.entity';

/** A progress report on a task by a person: percent done, a note, optional evidence. */
@Entity('progress_update')
export class ProgressUpdate {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Index('ix_progress_update_item')
  @Column({ type: 'integer' })
  planItemId: number;

  @ManyToOne(() => PlanItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'planItemId' })
  planItem?: PlanItem;

  @Column({ type: 'integer', nullable: true })
  authorId: number | null;

  /** The bureau the author reported for: the owning bureau or a participating one (配合单位). */
  @Column({ type: 'integer', nullable: true })
  bureauId: number | null;

  @Column({ type: 'integer', nullable: true })
  percent: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  evidenceUrl: string | null;

  /** Name of a file the person attached as evidence (the file itself is kept elsewhere). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  attachmentName: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  statusFrom: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  statusTo: string | null;

  @CreateDateColumn()
  createdAt: Date;

  /** The note and attachment name folded for task search. */
  @Column({ type: 'text', nullable: true, select: false })
  searchText?: string | null;

  @BeforeInsert()
  fillSearchText(): void {
    this.searchText = searchTextOf(this.note, this.attachmentName) || null;
  }
}
