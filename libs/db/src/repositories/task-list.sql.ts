/**
 * The task list's SQL and row reading, with no TypeORM at run time: TaskRepository runs it through
 * its EntityManager, and the API's list thread (apps/api/src/tasks/list-thread) through its own
 * read-only better-sqlite3 connection, so that thread loads only this, not the ORM.
 */
import { OPEN_STATUSES, type TaskCursor, type TaskSourceKind, type TaskStatus } from '@luoshi/tasks';
import type { PlanItem, TargetRecord } from '../entities/plan-item.entity';
import { isoDate, placeholders, readJson, readNumberOrNull, readTimestamp } from './bound-sql.util';
import { identitySelect } from './identity.sql';

/** Filters of the task list; every field optional. `bureauIds` is already the visible set. */
export interface TaskFilter {
  /** null = every bureau (admins); [] = none. */
  bureauIds: number[] | null;
  /** Tasks of other bureaus that `bureauIds` take part in (task_participant), listed too. */
  participantTaskIds?: number[];
  /**
   * Instead of `participantTaskIds`: the tasks `bureauIds` take part in are read where the page is
   * read — inside the statement on PostgreSQL (no round trip of their own), in the same read
   * transaction on SQLite, whose readers first turn them into ids ({@link withParticipantIds}:
   * the statement below is PostgreSQL's).
   */
  participationsInline?: boolean;
  planYear?: number;
  statuses?: TaskStatus[];
  owner?: string;
  assigneeId?: number;
  dueBefore?: string;
  dueAfter?: string;
  /** Open tasks whose due date is before `today`. */
  overdueAsOf?: string;
  /**
   * Search text, already folded by the caller (searchTextOf): matched against the task's title,
   * body, lead and co-units, and its progress notes and comments.
   */
  q?: string;
  reportId?: number;
  rootsOnly?: boolean;
  includeSuperseded?: boolean;
}

export interface Page {
  page: number;
  pageSize: number;
  /** Keyset paging: the rows after this position in the list's order (`page` is then ignored). */
  after?: TaskCursor;
}

/** Escapes LIKE wildcards so user text matches literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The columns of a task list row (TaskSummaryDto, its traffic light, the exports), in the order listRowOfValues reads them. */
export const SUMMARY_COLUMNS = [
  'id',
  'reportId',
  'bureauId',
  'parentId',
  'planYear',
  'path',
  'title',
  'owner',
  'coOwners',
  'assigneeId',
  'status',
  'dueDate',
  'originalDueDate',
  'targets',
  'recurrence',
  'version',
  'createdAt',
  'updatedAt',
  'lastActivityAt',
  'sourceKind',
] as const;

/** What a task list reads of a task: no body, actions, deadlines or verifiability. */
export type TaskListRow = Pick<PlanItem, (typeof SUMMARY_COLUMNS)[number]>;

const SELECT_SUMMARY = SUMMARY_COLUMNS.map((c) => `t."${c}" AS "${c}"`).join(', ');
// A total order (id breaks ties), so a keyset cursor names exactly one place in it.
const ORDER = 't."dueDate" ASC NULLS LAST, t."id" ASC';

/** The rows after `cursor` in ORDER: later due dates, then undated ones; ties on the date by id. */
function afterClause(cursor: TaskCursor): BoundSql {
  return cursor.dueDate === null
    ? { sql: 't."dueDate" IS NULL AND t."id" > ?', params: [cursor.id] }
    : {
        sql: '(t."dueDate" > ? OR (t."dueDate" = ? AND t."id" > ?) OR t."dueDate" IS NULL)',
        params: [cursor.dueDate, cursor.dueDate, cursor.id],
      };
}

/** A statement (or a WHERE clause) with `?` placeholders and its values, in order. */
export interface BoundSql {
  sql: string;
  params: unknown[];
}

/** The filter as SQL over `plan_item t`; every value bound, user text matched literally. */
function whereOf(filter: TaskFilter): BoundSql {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    clauses.push(sql);
    params.push(...values);
  };
  if (filter.bureauIds !== null && filter.participationsInline && filter.bureauIds.length) {
    // `= ANY (ARRAY(subquery))` is computed once (an InitPlan) and keeps PostgreSQL's BitmapOr of
    // the bureau index and the primary key; `OR t."id" IN (SELECT …)` or `OR EXISTS (…)` made it
    // filter every task of the plan year instead (EXPLAIN on 100,000 tasks, BENCHMARKS.md, list).
    const list = placeholders(filter.bureauIds.length);
    add(
      `(t."bureauId" IN (${list}) OR t."id" = ANY (ARRAY(SELECT "taskId" FROM "task_participant" WHERE "bureauId" IN (${list}))))`,
      ...filter.bureauIds,
      ...filter.bureauIds,
    );
  } else if (filter.bureauIds !== null) {
    const own = filter.bureauIds.length ? `t."bureauId" IN (${placeholders(filter.bureauIds.length)})` : '1 = 0';
    const also = filter.participantTaskIds ?? [];
    // The tasks these bureaus take part in (配合单位) come as ids, and only when there are any:
    // `OR t."id" IN (SELECT … FROM task_participant …)` in every request made SQLite read each
    // candidate row from the table instead of the covering index ix_plan_item_list, which doubled
    // the list's CPU per request (BENCHMARKS.md, list); without participations the SQL is unchanged.
    if (also.length) add(`(${own} OR t."id" IN (${placeholders(also.length)}))`, ...filter.bureauIds, ...also);
    else add(own, ...filter.bureauIds);
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
  if (filter.overdueAsOf)
    add(
      `t."dueDate" < ? AND t."status" IN (${placeholders(OPEN_STATUSES.length)})`,
      filter.overdueAsOf,
      ...OPEN_STATUSES,
    );
  if (filter.q) {
    const pattern = likePattern(filter.q);
    // Rows written before their folded text existed (or saved as plain objects, which skip the
    // entity's hook) are matched on their own title and body.
    add(
      `(t."searchText" LIKE ? ESCAPE '\\'` +
        ` OR (t."searchText" IS NULL AND (t."title" LIKE ? ESCAPE '\\' OR t."body" LIKE ? ESCAPE '\\'))` +
        ` OR EXISTS (SELECT 1 FROM "progress_update" p WHERE p."planItemId" = t."id" AND p."searchText" LIKE ? ESCAPE '\\')` +
        ` OR EXISTS (SELECT 1 FROM "comment" c WHERE c."planItemId" = t."id" AND c."searchText" LIKE ? ESCAPE '\\'))`,
      ...Array.from({ length: 5 }, () => pattern),
    );
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1 = 1', params };
}

/** A raw row as the entity would hydrate it (JSON parsed, dates as YYYY-MM-DD, timestamps as Date). */
export function toListRow(row: Record<string, unknown>): TaskListRow {
  return listRowOfValues(SUMMARY_COLUMNS.map((column) => row[column]));
}

/**
 * The same from the row's values in the order of the SELECT (better-sqlite3's `raw` mode). The
 * list thread reads its pages this way: better-sqlite3 builds a row object property by property,
 * and reading a page's 50 rows of 19 columns as arrays took 15–20% off the thread's time a
 * request (BENCHMARKS.md, list).
 */
export function listRowOfValues(values: readonly unknown[]): TaskListRow {
  const [
    id,
    reportId,
    bureauId,
    parentId,
    planYear,
    path,
    title,
    owner,
    coOwners,
    assigneeId,
    status,
    dueDate,
    originalDueDate,
    targets,
    recurrence,
    version,
    createdAt,
    updatedAt,
    lastActivityAt,
    sourceKind,
  ] = values;
  return {
    id: Number(id),
    reportId: readNumberOrNull(reportId),
    bureauId: Number(bureauId),
    parentId: readNumberOrNull(parentId),
    planYear: readNumberOrNull(planYear),
    path: String(path),
    title: String(title),
    owner: (owner as string | null) ?? null,
    coOwners: readJson<string[]>(coOwners, []),
    assigneeId: readNumberOrNull(assigneeId),
    status: status as TaskStatus,
    dueDate: dueDate === null ? null : isoDate(dueDate),
    originalDueDate: originalDueDate === null ? null : isoDate(originalDueDate),
    targets: readJson<TargetRecord[]>(targets, []),
    recurrence: (recurrence as string | null) ?? null,
    version: Number(version),
    createdAt: readTimestamp(createdAt)!,
    updatedAt: readTimestamp(updatedAt)!,
    lastActivityAt: readTimestamp(lastActivityAt) ?? undefined,
    sourceKind: ((sourceKind as string | null) ?? 'report') as TaskSourceKind,
  };
}

/**
 * One page of the list, soonest due first, and its total: the page's ids are picked from the
 * covering index `ix_plan_item_list` first (a deferred join), and only then are its rows read.
 * `rows` and `count` separately (the SQLite list thread prepares each once); `page` both in one
 * statement — one round trip, one snapshot on PostgreSQL: each row carries the total as
 * `__total` (an uncorrelated scalar subquery, computed once). An empty page carries no total:
 * callers then run `count` (only a page past the end, or no match at all on page 1, which is 0).
 */
export function taskPageSql(filter: TaskFilter, page: Page): { rows: BoundSql; count: BoundSql; page: BoundSql } {
  const where = whereOf(filter);
  const count = `SELECT COUNT(*) AS "n" FROM "plan_item" t WHERE ${where.sql}`;
  // The total always counts the whole filter; a cursor only moves where the page starts.
  const after = page.after ? afterClause(page.after) : null;
  const pickWhere = after ? `${where.sql} AND ${after.sql}` : where.sql;
  const pickParams = after ? [...where.params, ...after.params] : where.params;
  const pick = `SELECT t."id" AS "id" FROM "plan_item" t WHERE ${pickWhere} ORDER BY ${ORDER} LIMIT ? OFFSET ?`;
  const limits = [page.pageSize, after ? 0 : (page.page - 1) * page.pageSize];
  return {
    rows: {
      sql: `SELECT ${SELECT_SUMMARY} FROM "plan_item" t JOIN (${pick}) p ON p."id" = t."id" ORDER BY ${ORDER}`,
      params: [...pickParams, ...limits],
    },
    count: { sql: count, params: where.params },
    page: {
      sql: `SELECT (${count}) AS "__total", ${SELECT_SUMMARY} FROM "plan_item" t JOIN (${pick}) p ON p."id" = t."id" ORDER BY ${ORDER}`,
      params: [...where.params, ...pickParams, ...limits],
    },
  };
}

/** The tasks these bureaus take part in (task_participant), ids in order; `bureauIds` not empty. */
export function participationsSql(bureauIds: readonly number[]): BoundSql {
  return {
    sql: `SELECT DISTINCT "taskId" FROM "task_participant" WHERE "bureauId" IN (${placeholders(bureauIds.length)}) ORDER BY "taskId"`,
    params: [...bureauIds],
  };
}

/**
 * A filter whose inline participations are resolved: on SQLite, where the readers read
 * {@link participationsSql} first (in-process, in the page's read transaction) and pass the ids.
 */
export function withParticipantIds(filter: TaskFilter, taskIds: number[]): TaskFilter {
  return { ...filter, participationsInline: false, participantTaskIds: taskIds };
}

/** Whether a filter still has participations to read before its SQL can run on SQLite. */
export function needsParticipantIds(filter: TaskFilter): filter is TaskFilter & { bureauIds: number[] } {
  return filter.participationsInline === true && filter.bureauIds !== null && filter.bureauIds.length > 0;
}

/** The prefix of the identity columns in {@link taskPageFoldedSql}'s rows (UserRepository's readIdentity). */
export const FOLDED_IDENTITY_PREFIX = '__me_';

/**
 * taskPageSql's page, its total and the caller's identity (UserRepository.identity's columns, named
 * with FOLDED_IDENTITY_PREFIX) in one statement: one round trip and one snapshot for everything a
 * list request reads on PostgreSQL. Always at least one row: the total and the identity (null
 * columns when the user is gone), with the task's columns null when the page is empty.
 */
export function taskPageFoldedSql(filter: TaskFilter, page: Page, userId: number): BoundSql {
  const where = whereOf(filter);
  const after = page.after ? afterClause(page.after) : null;
  const pickWhere = after ? `${where.sql} AND ${after.sql}` : where.sql;
  const pickParams = after ? [...where.params, ...after.params] : where.params;
  const pick = `SELECT t."id" AS "id" FROM "plan_item" t WHERE ${pickWhere} ORDER BY ${ORDER} LIMIT ? OFFSET ?`;
  const limits = [page.pageSize, after ? 0 : (page.page - 1) * page.pageSize];
  const rows = `SELECT ${SELECT_SUMMARY} FROM "plan_item" t JOIN (${pick}) p ON p."id" = t."id"`;
  return {
    sql:
      `SELECT c."__total", me.*, r.* FROM (SELECT COUNT(*) AS "__total" FROM "plan_item" t WHERE ${where.sql}) c` +
      ` LEFT JOIN (${identitySelect(FOLDED_IDENTITY_PREFIX)} WHERE "id" = ?) me ON TRUE` +
      ` LEFT JOIN (${rows}) r ON TRUE ORDER BY r."dueDate" ASC NULLS LAST, r."id" ASC`,
    params: [...where.params, userId, ...pickParams, ...limits],
  };
}

/** Every matching task, soonest due first, at most `cap`. */
export function taskListSql(filter: TaskFilter, cap: number): BoundSql {
  const where = whereOf(filter);
  return {
    sql: `SELECT ${SELECT_SUMMARY} FROM "plan_item" t WHERE ${where.sql} ORDER BY ${ORDER} LIMIT ?`,
    params: [...where.params, cap],
  };
}
