import { In, IsNull, Not, type Repository } from 'typeorm';
import { PlanItem, type ActionRecord, type TargetRecord, type VerifiabilityRecord } from '../entities/plan-item.entity';
import { Report, type ReportSectionRecord } from '../entities/report.entity';
import { taskSearchText } from '../search-text.util';
import type { DbHandle } from './db-handle.types';
import { insertRowsSql, queryBound, readNumberOrNull, readTimestamp } from './bound-sql.util';

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

/** Report columns written on upload (id and createdAt come from the database). */
const REPORT_COLUMNS = [
  'bureauId',
  'reportYear',
  'planYear',
  'title',
  'publishDate',
  'sourceUrl',
  'contentHash',
  'revision',
  'encoding',
  'rawText',
  'parserVersion',
  'sections',
  'warnings',
] as const;
/** Plan item columns written on upload (id, timestamps and the task-tracking ones keep their defaults). */
const ITEM_COLUMNS = [
  'reportId',
  'parentId',
  'bureauId',
  'planYear',
  'path',
  'title',
  'body',
  'owner',
  'coOwners',
  'dueDate',
  'deadlines',
  'status',
  'targets',
  'recurrence',
  'actions',
  'verifiability',
  'startOffset',
  'endOffset',
  'assigneeId',
  'version',
  'searchText',
] as const;
/** Rows per INSERT: 200 × 21 values stays far below SQLite's and PostgreSQL's parameter limits. */
const ITEM_CHUNK = 200;

/** One plan item's values in ITEM_COLUMNS order, JSON columns as the entity stores them (simple-json). */
function itemValues(item: NewPlanItem, report: Report, parentId: number | null): unknown[] {
  const values: Record<(typeof ITEM_COLUMNS)[number], unknown> = {
    reportId: report.id,
    parentId,
    bureauId: report.bureauId,
    planYear: report.planYear,
    path: item.path,
    title: item.title,
    body: item.body,
    owner: item.owner,
    coOwners: JSON.stringify(item.coOwners),
    dueDate: item.dueDate,
    deadlines: JSON.stringify(item.deadlines),
    status: 'planned',
    targets: JSON.stringify(item.targets),
    recurrence: item.recurrence,
    actions: JSON.stringify(item.actions),
    verifiability: item.verifiability === null ? null : JSON.stringify(item.verifiability),
    startOffset: item.startOffset,
    endOffset: item.endOffset,
    assigneeId: null,
    version: 1,
    searchText: taskSearchText(item),
  };
  return ITEM_COLUMNS.map((c) => values[c]);
}

/** Children find their parent's id by path, so paths must be unique within a report (the parser's are positional). */
function assertUniquePaths(items: NewPlanItem[]): void {
  const seen = new Set<string>();
  const walk = (list: NewPlanItem[]) => {
    for (const item of list) {
      if (seen.has(item.path)) throw new Error(`Duplicate plan item path ${item.path} in one report`);
      seen.add(item.path);
      walk(item.children);
    }
  };
  walk(items);
}

/** What pairs reports for linking: no text, no sections. */
export interface ReportKey {
  id: number;
  bureauId: number;
  reportYear: number | null;
  planYear: number | null;
}

const KEY_SELECT = '"id", "bureauId", "reportYear", "planYear"';
const toKey = (row: Record<string, unknown>): ReportKey => ({
  id: Number(row.id),
  bureauId: Number(row.bureauId),
  reportYear: readNumberOrNull(row.reportYear),
  planYear: readNumberOrNull(row.planYear),
});

export class ReportRepository {
  private readonly reports: Repository<Report>;
  private readonly items: Repository<PlanItem>;

  constructor(db: DbHandle) {
    this.reports = db.getRepository(Report);
    this.items = db.getRepository(PlanItem);
  }

  /** The bureau's report with exactly this content, if stored (asked by every upload: bound SQL, no text read unless found). */
  async findByBureauAndHash(bureauId: number, contentHash: string): Promise<Report | null> {
    const [row] = await queryBound<{ id: unknown }>(
      this.reports.manager,
      'SELECT "id" FROM "report" WHERE "bureauId" = ? AND "contentHash" = ?',
      [bureauId, contentHash],
    );
    return row ? this.findById(Number(row.id)) : null;
  }

  /** The next revision number for a bureau's report on `reportYear` (1 for the first upload). */
  async nextRevision(bureauId: number, reportYear: number | null): Promise<number> {
    const [latest] = await queryBound<{ max: unknown }>(
      this.reports.manager,
      `SELECT MAX("revision") AS "max" FROM "report" WHERE "bureauId" = ? AND ${reportYear === null ? '"reportYear" IS NULL' : '"reportYear" = ?'}`,
      reportYear === null ? [bureauId] : [bureauId, reportYear],
    );
    return Number(latest?.max ?? 0) + 1;
  }

  /**
   * The newest revision of the bureau's report with this plan year or report year, as ids and
   * years only (linking asks this for every upload; the text is not needed to pair reports).
   */
  async latestOf(bureauId: number, where: { planYear: number } | { reportYear: number }): Promise<ReportKey | null> {
    const [column, year] = 'planYear' in where ? ['planYear', where.planYear] : ['reportYear', where.reportYear];
    const [row] = await queryBound(
      this.reports.manager,
      `SELECT ${KEY_SELECT} FROM "report" WHERE "bureauId" = ? AND "${column}" = ? ORDER BY "revision" DESC, "id" DESC LIMIT 1`,
      [bureauId, year],
    );
    return row ? toKey(row) : null;
  }

  /**
   * For each bureau (all when `bureauIds` is null) and plan year, the newest revision's report id:
   * the plans that 年年提 (lineage) chains, read without any report text.
   */
  async latestPlanReports(
    bureauIds: number[] | null,
  ): Promise<Array<{ id: number; bureauId: number; planYear: number }>> {
    if (bureauIds !== null && bureauIds.length === 0) return [];
    const rows = await this.reports.find({
      select: { id: true, bureauId: true, planYear: true, revision: true },
      where: { planYear: Not(IsNull()), ...(bureauIds !== null ? { bureauId: In(bureauIds) } : {}) },
      order: { revision: 'DESC', id: 'DESC' },
    });
    const seen = new Set<string>();
    const latest: Array<{ id: number; bureauId: number; planYear: number }> = [];
    for (const r of rows) {
      const key = `${r.bureauId}:${r.planYear}`;
      if (seen.has(key)) continue;
      seen.add(key);
      latest.push({ id: r.id, bureauId: r.bureauId, planYear: r.planYear! });
    }
    return latest;
  }

  /** The bureaus that have published their report on `reportYear` (any revision). */
  async bureausWithReport(reportYear: number): Promise<Set<number>> {
    const rows = await this.reports.find({ select: { bureauId: true }, where: { reportYear } });
    return new Set(rows.map((r) => r.bureauId));
  }

  /** A report's id, bureau and years, without its text. */
  async keyOf(id: number): Promise<ReportKey | null> {
    const [row] = await queryBound(this.reports.manager, `SELECT ${KEY_SELECT} FROM "report" WHERE "id" = ?`, [id]);
    return row ? toKey(row) : null;
  }

  /**
   * Inserts the report and its whole item tree as tasks (status `planned`). Call inside a
   * transaction so a failure leaves nothing behind. Returns the report and the number of items.
   *
   * Plain bound SQL, level by level, one multi-row INSERT … RETURNING per chunk (each level knows
   * its parents' ids from the level above, matched back by path, unique within a report). The
   * ORM's save() built, merged and re-read each entity and inlined every number into a new
   * statement; it was most of an upload's time (BENCHMARKS.md, ingest).
   */
  async insertWithItems(report: NewReport, items: NewPlanItem[]): Promise<{ report: Report; itemCount: number }> {
    assertUniquePaths(items);
    const manager = this.reports.manager;
    const reportValues = REPORT_COLUMNS.map((c) =>
      c === 'sections' || c === 'warnings' ? JSON.stringify(report[c]) : report[c],
    );
    const [row] = await queryBound<{ id: unknown; createdAt: unknown }>(
      manager,
      `${insertRowsSql('report', REPORT_COLUMNS, 1)} RETURNING "id", "createdAt"`,
      reportValues,
    );
    const saved = Object.assign(new Report(), report, { id: Number(row.id), createdAt: readTimestamp(row.createdAt)! });
    let itemCount = 0;
    let level: Array<{ item: NewPlanItem; parentId: number | null }> = items.map((item) => ({ item, parentId: null }));
    while (level.length > 0) {
      const ids = new Map<string, number>();
      for (let i = 0; i < level.length; i += ITEM_CHUNK) {
        const chunk = level.slice(i, i + ITEM_CHUNK);
        const rows = await queryBound<{ id: unknown; path: unknown }>(
          manager,
          `${insertRowsSql('plan_item', ITEM_COLUMNS, chunk.length)} RETURNING "id", "path"`,
          chunk.flatMap(({ item, parentId }) => itemValues(item, saved, parentId)),
        );
        for (const r of rows) ids.set(String(r.path), Number(r.id));
      }
      itemCount += level.length;
      level = level.flatMap(({ item }) =>
        item.children.map((child) => ({ item: child, parentId: ids.get(item.path)! })),
      );
    }
    return { report: saved, itemCount };
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
  list(
    bureauIds: number[] | null,
    filter: { planYear?: number; bureauId?: number },
    page: { page: number; pageSize: number },
  ): Promise<[Report[], number]> {
    const qb = this.reports
      .createQueryBuilder('r')
      .select([
        'r.id',
        'r.bureauId',
        'r.reportYear',
        'r.planYear',
        'r.title',
        'r.publishDate',
        'r.sourceUrl',
        'r.revision',
        'r.encoding',
        'r.parserVersion',
        'r.warnings',
        'r.createdAt',
      ])
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
