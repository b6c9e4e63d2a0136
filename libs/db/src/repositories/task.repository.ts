import { In, IsNull, type Repository } from 'typeorm';
import { PlanItem } from '../entities/plan-item.entity';
import { queryBound } from './bound-sql.util';
import { ParticipantRepository } from './participant.repository';
import type { DbHandle } from './db-handle.types';
import {
  FOLDED_IDENTITY_PREFIX,
  needsParticipantIds,
  taskListSql,
  taskPageFoldedSql,
  taskPageSql,
  listRowOfValues,
  SUMMARY_COLUMNS,
  toListRow,
  type Page,
  type TaskFilter,
  type TaskListRow,
  withParticipantIds,
} from './task-list.sql';
import { readIdentity, type UserIdentity } from './identity.sql';
import { postgresPool, queryRowArrays } from './pg-rows.util';

export type { Page, TaskFilter, TaskListRow } from './task-list.sql';

/** What a task made by hand or imported holds; the rest is filled in (no report, no parse). */
export type StandaloneTask = Pick<
  PlanItem,
  | 'bureauId'
  | 'planYear'
  | 'title'
  | 'body'
  | 'owner'
  | 'coOwners'
  | 'dueDate'
  | 'targets'
  | 'recurrence'
  | 'sourceKind'
  | 'assigneeId'
>;

export class TaskRepository {
  private readonly items: Repository<PlanItem>;

  constructor(db: DbHandle) {
    this.items = db.getRepository(PlanItem);
  }

  /**
   * One page of tasks, soonest due first, and the total count (task-list.sql.ts). The hottest
   * query of the API, so it is plain bound SQL rather than the query builder (BENCHMARKS.md, list):
   * TypeORM's SQLite driver would inline the numbers (a new statement per request) and hydrate
   * entities through its metadata, which took half the request's CPU time.
   */
  async list(filter: TaskFilter, page: Page): Promise<{ items: TaskListRow[]; total: number }> {
    const sql = taskPageSql(await this.resolved(filter), page);
    const manager = this.items.manager;
    const rows = await queryBound(manager, sql.page.sql, sql.page.params);
    if (rows.length > 0) return { items: rows.map(toListRow), total: Number(rows[0].__total) };
    if (page.page === 1 && !page.after) return { items: [], total: 0 };
    // Past the last page (or the end of a cursor walk): the total still says how many there are.
    const [count] = await queryBound<{ n: unknown }>(manager, sql.count.sql, sql.count.params);
    return { items: [], total: Number(count.n) };
  }

  /** On SQLite, a filter's inline participations read as ids first (TaskFilter.participationsInline). */
  private async resolved(filter: TaskFilter): Promise<TaskFilter> {
    if (this.foldsListReads || !needsParticipantIds(filter)) return filter;
    return withParticipantIds(filter, await new ParticipantRepository(this.items.manager).taskIdsFor(filter.bureauIds));
  }

  /**
   * Whether this database reads a list's participations and the caller's identity inside the
   * page's own statement (PostgreSQL: a round trip saved is most of a request's cost there,
   * BENCHMARKS.md, list on PostgreSQL). SQLite reads them in-process, with no round trip to save.
   */
  get foldsListReads(): boolean {
    return this.items.manager.connection.options.type === 'postgres';
  }

  /**
   * `list` with the identity of `userId` read in the same statement (taskPageFoldedSql): for
   * databases that {@link foldsListReads}. `identity` is null when the user no longer exists.
   */
  async listFolded(
    filter: TaskFilter,
    page: Page,
    userId: number,
  ): Promise<{ items: TaskListRow[]; total: number; identity: UserIdentity | null }> {
    const sql = taskPageFoldedSql(filter, page, userId);
    const pool = postgresPool(this.items.manager);
    if (pool) return foldedPageOf(await queryRowArrays(pool, sql.sql, sql.params));
    const rows = await queryBound(this.items.manager, sql.sql, sql.params);
    return {
      items: rows.filter((row) => row.id !== null).map(toListRow),
      total: Number(rows[0].__total),
      identity: readIdentity(rows[0], FOLDED_IDENTITY_PREFIX),
    };
  }

  /** Every matching task (exports, calendar feeds), soonest due first, capped. */
  async listAll(filter: TaskFilter, cap: number): Promise<TaskListRow[]> {
    const sql = taskListSql(await this.resolved(filter), cap);
    return (await queryBound(this.items.manager, sql.sql, sql.params)).map(toListRow);
  }

  /** A task if it exists and its bureau, or a bureau taking part in it, is visible; null otherwise (callers answer 404 either way). */
  async findVisible(id: number, bureauIds: number[] | null): Promise<PlanItem | null> {
    const task = await this.items.findOneBy({ id });
    if (!task || bureauIds === null || bureauIds.includes(task.bureauId)) return task;
    // Or a bureau the viewer sees takes part in it (配合单位).
    return (await new ParticipantRepository(this.items.manager).involves(id, bureauIds)) ? task : null;
  }

  children(parentId: number): Promise<PlanItem[]> {
    return this.items.find({ where: { parentId }, order: { id: 'ASC' } });
  }

  byReport(reportId: number): Promise<PlanItem[]> {
    return this.items.find({ where: { reportId }, order: { id: 'ASC' } });
  }

  /**
   * The commitments of these reports: their top-level items not replaced by a newer revision,
   * by report, then in plan order (ids follow the report's order).
   */
  commitmentsOf(reportIds: number[]): Promise<PlanItem[]> {
    if (reportIds.length === 0) return Promise.resolve([]);
    return this.items.find({
      where: { reportId: In(reportIds), parentId: IsNull(), supersededById: IsNull() },
      order: { reportId: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Applies `patch` only if the task still has `version` (optimistic lock); the version column
   * is incremented by TypeORM in the same UPDATE. Returns false when someone else wrote first.
   */
  async updateIfVersion(id: number, version: number, patch: Partial<PlanItem>): Promise<boolean> {
    const result = await this.items
      .createQueryBuilder()
      .update(PlanItem)
      .set(patch)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** Records activity (a comment) without bumping the version, so nobody's open edit goes stale. */
  async touch(id: number): Promise<void> {
    await this.items
      .createQueryBuilder()
      .update(PlanItem)
      .set({ lastActivityAt: new Date(), version: () => 'version' })
      .where('id = :id', { id })
      .execute();
  }

  /** Marks tasks as replaced by a newer revision of their report. */
  async supersede(ids: number[], byReportId: number): Promise<void> {
    if (ids.length === 0) return;
    await this.items
      .createQueryBuilder()
      .update(PlanItem)
      .set({ supersededById: byReportId })
      .where('id IN (:...ids)', { ids })
      .execute();
  }

  /** The tasks with these ids (any order; missing ids are left out). */
  byIds(ids: number[]): Promise<PlanItem[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.items.findBy({ id: In(ids) });
  }

  /** The titles of these tasks, by id (gone ones absent). */
  async titles(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.items.find({ select: { id: true, title: true }, where: { id: In(ids) } });
    return new Map(rows.map((r) => [r.id, r.title]));
  }

  /**
   * Stores tasks that no report holds (made by hand, imported from a 台账), in the order given;
   * the entity's hook folds their search text.
   */
  async createStandalone(tasks: StandaloneTask[]): Promise<PlanItem[]> {
    if (tasks.length === 0) return [];
    const entities = tasks.map((t) =>
      this.items.create({
        ...t,
        reportId: null,
        parentId: null,
        path: '',
        deadlines: t.dueDate ? [t.dueDate] : [],
        actions: [],
        verifiability: null,
        startOffset: 0,
        endOffset: 0,
        originalDueDate: null,
        status: 'planned',
        lastActivityAt: new Date(),
      }),
    );
    // One by one so each gets its id back on every driver (a batch insert on SQLite returns only the last).
    const saved: PlanItem[] = [];
    for (const entity of entities) saved.push(await this.items.save(entity));
    return saved;
  }

  findById(id: number): Promise<PlanItem | null> {
    return this.items.findOneBy({ id });
  }
}

/**
 * taskPageFoldedSql's rows read as arrays (queryRowArrays): `__total`, the identity's columns, then
 * the task's in SUMMARY_COLUMNS order (`r.*` is the last part of the SELECT), which
 * listRowOfValues reads as it reads the SQLite thread's rows. Rows without a task (an empty page
 * still answers one, for the total and the identity) are left out.
 */
function foldedPageOf({ names, rows }: { names: string[]; rows: unknown[][] }): {
  items: TaskListRow[];
  total: number;
  identity: UserIdentity | null;
} {
  const first = names.length - SUMMARY_COLUMNS.length;
  if (names[0] !== '__total' || SUMMARY_COLUMNS.some((column, i) => names[first + i] !== column))
    throw new Error(`taskPageFoldedSql answered columns in an unexpected order: ${names.join(', ')}`);
  const me: Record<string, unknown> = {};
  for (let i = 1; i < first; i++) me[names[i]] = rows[0][i];
  const items: TaskListRow[] = [];
  for (const row of rows) if (row[first] !== null) items.push(listRowOfValues(row.slice(first)));
  return { items, total: Number(rows[0][0]), identity: readIdentity(me, FOLDED_IDENTITY_PREFIX) };
}
