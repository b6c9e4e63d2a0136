import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

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
}
