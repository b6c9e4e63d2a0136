import { BeforeInsert, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { searchTextOf } from '../search-text.util';

/** A remark on a task by a person (supervisors' 督办意见 included). */
@Entity('comment')
export class Comment {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Index('ix_comment_item')
  @Column({ type: 'integer' })
  planItemId: number;

  @Column({ type: 'integer', nullable: true })
  authorId: number | null;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn()
  createdAt: Date;

  /** The body folded for task search. */
  @Column({ type: 'text', nullable: true, select: false })
  searchText?: string | null;

  @BeforeInsert()
  fillSearchText(): void {
    this.searchText = searchTextOf(this.body) || null;
  }
}
