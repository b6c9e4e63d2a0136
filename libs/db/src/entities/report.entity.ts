import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Bureau } from './bureau.entity';

export interface ReportSectionRecord {
  kind: string;
  heading: string;
  start: number;
  end: number;
}

/** One bureau's annual report on `reportYear`, carrying its plan for `planYear`. */
@Entity('report')
@Index('uq_report_bureau_hash', ['bureauId', 'contentHash'], { unique: true })
@Index('ix_report_bureau_plan_year', ['bureauId', 'planYear'])
export class Report {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'integer' })
  bureauId: number;

  @ManyToOne(() => Bureau, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'bureauId' })
  bureau?: Bureau;

  @Column({ type: 'integer', nullable: true })
  reportYear: number | null;

  @Index('ix_report_plan_year')
  @Column({ type: 'integer', nullable: true })
  planYear: number | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  title: string | null;

  /** YYYY-MM-DD as printed in the report's header, if any. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  publishDate: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  sourceUrl: string | null;

  /** sha256 of the normalised text; the same content for the same bureau is stored once. */
  @Column({ type: 'varchar', length: 64 })
  contentHash: string;

  /** 1 for the first upload of a bureau+reportYear, then 2, 3 … for changed versions. */
  @Column({ type: 'integer', default: 1 })
  revision: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  encoding: string | null;

  @Column({ type: 'text' })
  rawText: string;

  @Column({ type: 'varchar', length: 32 })
  parserVersion: string;

  @Column({ type: 'simple-json', default: '[]' })
  sections: ReportSectionRecord[];

  @Column({ type: 'simple-json', default: '[]' })
  warnings: string[];

  @CreateDateColumn()
  createdAt: Date;
}
