import type { Repository } from 'typeorm';
import { OPEN_STATUSES, type TaskStatus } from '@luoshi/tasks';
import { PlanItem, type TargetRecord } from '../entities/plan-item.entity';
import { isoDate, placeholders, queryBound, readJson, readNumberOrNull, readTimestamp } from './bound-sql.util';
import type { DbHandle } from './db-handle.types';

/** Filters of the task list; every field optional. `bureauIds` is already the visible set. */
export interface TaskFilter {
  /** null = every bureau (admins); [] = none. */
  bureauIds: number[] | null;
  planYear?: number;
  statuses?: TaskStatus[];
  owner?: string;
  assigneeId?: number;
  dueBefore?: string;
  dueAfter?: string;
  /** Open tasks whose due date is before `today`. */
  overdueAsOf?: string;
  q?: string;
  reportId?: number;
  rootsOnly?: boolean;
  includeSuperseded?: boolean;
}

export interface Page {
  page: number;
  pageSize: number;
}

/** Escapes LIKE wildcards so user text matches literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The columns of a task list row (TaskSummaryDto, its traffic light, the exports). */
const SUMMARY_COLUMNS = ['id', 'reportId', 'bureauId', 'parentId', 'planYear', 'path', 'title', 'owner', 'coOwners', 'assigneeId', 'status', 'dueDate', 'originalDueDate', 'targets', 'recurrence', 'version', 'createdAt', 'updatedAt', 'lastActivityAt'] as const;

/** What a task list reads of a task: no body, actions, deadlines or verifiability. */
export type TaskListRow = Pick<PlanItem, (typeof SUMMARY_COLUMNS)[number]>;

const SELECT_SUMMARY = SUMMARY_COLUMNS.map((c) => `t."${c}" AS "${c}"`).join(', ');
const ORDER = 't."dueDate" ASC NULLS LAST, t."id" ASC';

/** A WHERE clause with `?` placeholders and its values, in order. */
interface Where {
  sql: string;
  params: unknown[];
}

/** The filter as SQL over `plan_item t`; every value bound, user text matched literally. */
function whereOf(filter: TaskFilter): Where {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    clauses.push(sql);
    params.push(...values);
  };
  if (filter.bureauIds !== null) {
    if (filter.bureauIds.length === 0) add('1 = 0');
    else add(`t."bureauId" IN (${placeholders(filter.bureauIds.length)})`, ...filter.bureauIds);
  }
  if (!filter.includeSuperseded) add('t."supersededById" IS NULL');
  if (filter.planYear !== undefined) add('t."planYear" = ?', filter.planYear);
  if (filter.statuses?.length) add(`t."status" IN (${placeholders(filter.statuses.length)})`, ...filter.statuses);
  if (filter.owner) add(`t."owner" LIKE ? ESCAPE '\\'`, likePattern(filter.owner));
  if (filter.assigneeId !== undefined) add('t."assigneeId" = ?', filter.assigneeId);
  if (filter.dueBefore) add('t."dueDate" <= ?', filter.dueBefore);
  if (filter.dueAfter) add('t."dueDate" >= ?', filter.dueAfter);
  if (filter.reportId !== undefined) add('t."reportId" = ?', filter.reportId);
  if (filter.rootsOnly) add('t."parentId" IS NULL');
  if (filter.overdueAsOf) add(`t."dueDate" < ? AND t."status" IN (${placeholders(OPEN_STATUSES.length)})`, filter.overdueAsOf, ...OPEN_STATUSES);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    add(`(t."title" LIKE ? ESCAPE '\\' OR t."body" LIKE ? ESCAPE '\\')`, pattern, pattern);
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1 = 1', params };
}

/** A raw row as the entity would hydrate it (JSON parsed, dates as YYYY-MM-DD, timestamps as Date). */
function toListRow(row: Record<string, unknown>): TaskListRow {
  return {
    id: Number(row.id),
    reportId: Number(row.reportId),
    bureauId: Number(row.bureauId),
    parentId: readNumberOrNull(row.parentId),
    planYear: readNumberOrNull(row.planYear),
    path: String(row.path),
    title: String(row.title),
    owner: (row.owner as string | null) ?? null,
    coOwners: readJson<string[]>(row.coOwners, []),
    assigneeId: readNumberOrNull(row.assigneeId),
    status: row.status as TaskStatus,
    dueDate: row.dueDate === null ? null : isoDate(row.dueDate),
    originalDueDate: row.originalDueDate === null ? null : isoDate(row.originalDueDate),
    targets: readJson<TargetRecord[]>(row.targets, []),
    recurrence: (row.recurrence as string | null) ?? null,
    version: Number(row.version),
    createdAt: readTimestamp(row.createdAt)!,
    updatedAt: readTimestamp(row.updatedAt)!,
    lastActivityAt: readTimestamp(row.lastActivityAt) ?? undefined,
  };
}

export class TaskRepository {
  private readonly items: Repository<PlanItem>;

  constructor(db: DbHandle) {
    this.items = db.getRepository(PlanItem);
  }

  /**
   * One page of tasks, soonest due first, and the total count. The hottest query of the API, so it
   * is plain bound SQL rather than the query builder (BENCHMARKS.md, list): the page's ids are
   * picked from the covering index `ix_plan_item_list` first (a deferred join), and only then are
   * 50 rows read; TypeORM's SQLite driver would inline the numbers (a new statement per request)
   * and hydrate entities through its metadata, which took half the request's CPU time.
   */
  async list(filter: TaskFilter, page: Page): Promise<{ items: TaskListRow[]; total: number }> {
    const where = whereOf(filter);
    const manager = this.items.manager;
    const rows = await queryBound(
      manager,
      `SELECT ${SELECT_SUMMARY} FROM "plan_item" t
         JOIN (SELECT t."id" AS "id" FROM "plan_item" t WHERE ${where.sql} ORDER BY ${ORDER} LIMIT ? OFFSET ?) p ON p."id" = t."id"
        ORDER BY ${ORDER}`,
      [...where.params, page.pageSize, (page.page - 1) * page.pageSize],
    );
    const [count] = await queryBound<{ n: unknown }>(manager, `SELECT COUNT(*) AS "n" FROM "plan_item" t WHERE ${where.sql}`, where.params);
    return { items: rows.map(toListRow), total: Number(count.n) };
  }

  /** Every matching task (exports, calendar feeds), soonest due first, capped. */
  async listAll(filter: TaskFilter, cap: number): Promise<TaskListRow[]> {
    const where = whereOf(filter);
    const rows = await queryBound(this.items.manager, `SELECT ${SELECT_SUMMARY} FROM "plan_item" t WHERE ${where.sql} ORDER BY ${ORDER} LIMIT ?`, [...where.params, cap]);
    return rows.map(toListRow);
  }

  /** A task if it exists and its bureau is visible; null otherwise (callers answer 404 either way). */
  async findVisible(id: number, bureauIds: number[] | null): Promise<PlanItem | null> {
    const task = await this.items.findOneBy({ id });
    if (!task || (bureauIds !== null && !bureauIds.includes(task.bureauId))) return null;
    return task;
  }

  children(parentId: number): Promise<PlanItem[]> {
    return this.items.find({ where: { parentId }, order: { id: 'ASC' } });
  }

  byReport(reportId: number): Promise<PlanItem[]> {
    return this.items.find({ where: { reportId }, order: { id: 'ASC' } });
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
    await this.items.createQueryBuilder().update(PlanItem).set({ supersededById: byReportId }).where('id IN (:...ids)', { ids }).execute();
  }

  findById(id: number): Promise<PlanItem | null> {
    return this.items.findOneBy({ id });
  }
}
