import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One recorded change: who changed which field of what, from what to what. */
@Entity('audit_event')
@Index('ix_audit_event_entity', ['entityType', 'entityId'])
export class AuditEvent {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'varchar', length: 32 })
  entityType: string;

  @Column({ type: 'integer' })
  entityId: number;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  field: string | null;

  @Column({ type: 'text', nullable: true })
  before: string | null;

  @Column({ type: 'text', nullable: true })
  after: string | null;

  @CreateDateColumn()
  createdAt: Date;
}
