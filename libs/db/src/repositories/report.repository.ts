import type { Repository } from 'typeorm';
import { PlanItem, type ActionRecord, type TargetRecord, type VerifiabilityRecord } from '../entities/plan-item.entity';
import { Report, type ReportSectionRecord } from '../entities/report.entity';
import type { DbHandle } from './db-handle.types';

export interface NewReport {
  bureauId: number;
  reportYear: number | null;
  planYear: number | null;
  title: string | null;
  publishDate: string | null;
  sourceUrl: string | null;
  contentHash: string;
  revision: number;
  encoding: string | null;
  rawText: string;
  parserVersion: string;
  sections: ReportSectionRecord[];
  warnings: string[];
}

/** A plan item to store, with its children; ids and parents are assigned on insert. */
export interface NewPlanItem {
  path: string;
  title: string;
  body: string;
  owner: string | null;
  coOwners: string[];
  dueDate: string | null;
  deadlines: string[];
  targets: TargetRecord[];
  recurrence: string | null;
  actions: ActionRecord[];
  verifiability: VerifiabilityRecord | null;
  startOffset: number;
  endOffset: number;
  children: NewPlanItem[];
}

export class ReportRepository {
  private readonly reports: Repository<Report>;
  private readonly items: Repository<PlanItem>;

  constructor(db: DbHandle) {
    this.reports = db.getRepository(Report);
    this.items = db.getRepository(PlanItem);
  }

  findByBureauAndHash(bureauId: number, contentHash: string): Promise<Report | null> {
    return this.reports.findOneBy({ bureauId, contentHash });
  }

  /** The next revision number for a bureau's report on `reportYear` (1 for the first upload). */
  async nextRevision(bureauId: number, reportYear: number | null): Promise<number> {
    const latest = await this.reports
      .createQueryBuilder('r')
      .select('MAX(r.revision)', 'max')
      .where('r.bureauId = :bureauId', { bureauId })
      .andWhere(reportYear === null ? 'r.reportYear IS NULL' : 'r.reportYear = :reportYear', { reportYear })
      .getRawOne<{ max: number | string | null }>();
    return Number(latest?.max ?? 0) + 1;
  }

  /**
   * Inserts the report and its whole item tree as tasks (status `planned`). Call inside a
   * transaction so a failure leaves nothing behind. Returns the report and the number of items.
   */
  async insertWithItems(report: NewReport, items: NewPlanItem[]): Promise<{ report: Report; itemCount: number }> {
    const saved = await this.reports.save(this.reports.create(report));
    let itemCount = 0;
    // Level by level, so each level is one multi-row insert and knows its parents' ids.
    let level: Array<{ item: NewPlanItem; parentId: number | null }> = items.map((item) => ({ item, parentId: null }));
    while (level.length > 0) {
      const rows = level.map(({ item, parentId }) => this.items.create(this.toRow(item, saved, parentId)));
      const inserted = await this.items.save(rows, { chunk: 200 });
      itemCount += inserted.length;
      level = level.flatMap(({ item }, i) => item.children.map((child) => ({ item: child, parentId: inserted[i].id })));
    }
    return { report: saved, itemCount };
  }

  private toRow(item: NewPlanItem, report: Report, parentId: number | null): Partial<PlanItem> {
    const { children: _children, ...fields } = item;
    return { ...fields, reportId: report.id, parentId, bureauId: report.bureauId, planYear: report.planYear, status: 'planned', assigneeId: null };
  }

  /** Earlier revisions of a bureau's report on `reportYear`, newest first. */
  earlierRevisions(bureauId: number, reportYear: number | null, beforeRevision: number): Promise<Report[]> {
    const qb = this.reports
      .createQueryBuilder('r')
      .where('r.bureauId = :bureauId', { bureauId })
      .andWhere('r.revision < :beforeRevision', { beforeRevision })
      .orderBy('r.revision', 'DESC');
    if (reportYear === null) qb.andWhere('r.reportYear IS NULL');
    else qb.andWhere('r.reportYear = :reportYear', { reportYear });
    return qb.getMany();
  }

  findById(id: number): Promise<Report | null> {
    return this.reports.findOneBy({ id });
  }

  /** Reports of the given bureaus (null = all), newest first, without their text. */
  list(bureauIds: number[] | null, filter: { planYear?: number; bureauId?: number }, page: { page: number; pageSize: number }): Promise<[Report[], number]> {
    const qb = this.reports
      .createQueryBuilder('r')
      .select(['r.id', 'r.bureauId', 'r.reportYear', 'r.planYear', 'r.title', 'r.publishDate', 'r.sourceUrl', 'r.revision', 'r.encoding', 'r.parserVersion', 'r.warnings', 'r.createdAt'])
      .orderBy('r.id', 'DESC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize);
    if (bureauIds !== null) {
      if (bureauIds.length === 0) qb.andWhere('1 = 0');
      else qb.andWhere('r.bureauId IN (:...bureauIds)', { bureauIds });
    }
    if (filter.planYear !== undefined) qb.andWhere('r.planYear = :planYear', { planYear: filter.planYear });
    if (filter.bureauId !== undefined) qb.andWhere('r.bureauId = :bureauId', { bureauId: filter.bureauId });
    return qb.getManyAndCount();
  }

  countItems(reportId: number): Promise<number> {
    return this.items.countBy({ reportId });
  }
}
