import { Column, CreateDateColumn, Entity, Index, ManyToOne, JoinColumn, PrimaryGeneratedColumn } from 'typeorm';

export const BUREAU_LEVELS = ['province', 'city', 'district', 'town', 'other'] as const;
export type BureauLevel = (typeof BUREAU_LEVELS)[number];

/** An issuing body (司法局, 人民政府 …) in the province › city › district › town hierarchy. */
@Entity('bureau')
export class Bureau {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Index('uq_bureau_name', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  region: string | null;

  @Column({ type: 'varchar', length: 16, default: 'other' })
  level: BureauLevel;

  @Index('ix_bureau_parent')
  @Column({ type: 'integer', nullable: true })
  parentId: number | null;

  @ManyToOne(() => Bureau, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parentId' })
  parent?: Bureau | null;

  /** Other names the bureau is printed under (市司法局, 城区司法局 …). */
  @Column({ type: 'simple-json', default: '[]' })
  aliases: string[];

  @CreateDateColumn()
  createdAt: Date;
}
