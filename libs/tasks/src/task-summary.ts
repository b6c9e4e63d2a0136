import { shanghaiToday, trafficLight, isOverdue, type TrafficLight } from './traffic-light';
import type { TaskStatus } from './task-workflow';
import type { TaskSourceKind } from './task-source';
import { encodeTaskCursor, type TaskCursor } from './task-cursor';

/** What a list reads of a task (the database's list row, or a whole task). */
export interface TaskSummarySource<Target> {
  id: number;
  reportId: number | null;
  bureauId: number;
  parentId: number | null;
  planYear: number | null;
  path: string;
  title: string;
  owner: string | null;
  coOwners: string[];
  assigneeId: number | null;
  status: TaskStatus;
  dueDate: string | null;
  originalDueDate: string | null;
  targets: Target[];
  recurrence: string | null;
  sourceKind: TaskSourceKind;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  lastActivityAt?: Date | null;
}

/** A task as lists show it (the API's TaskSummaryDto): its columns plus overdue and traffic light. */
export interface TaskSummary<Target> extends Omit<TaskSummarySource<Target>, 'createdAt' | 'lastActivityAt'> {
  overdue: boolean;
  trafficLight: TrafficLight | null;
}

/** A task as lists show it; pass `today` (Shanghai) when mapping many, it is the same for all. */
export function toTaskSummary<Target>(
  t: TaskSummarySource<Target>,
  now: Date = new Date(),
  today: string = shanghaiToday(now),
): TaskSummary<Target> {
  const timing = { status: t.status, dueDate: t.dueDate, lastActivityAt: t.lastActivityAt ?? t.createdAt };
  return {
    id: t.id,
    reportId: t.reportId,
    bureauId: t.bureauId,
    parentId: t.parentId,
    planYear: t.planYear,
    path: t.path,
    title: t.title,
    owner: t.owner,
    coOwners: t.coOwners,
    assigneeId: t.assigneeId,
    status: t.status,
    dueDate: t.dueDate,
    originalDueDate: t.originalDueDate,
    overdue: isOverdue(timing, today),
    trafficLight: trafficLight(timing, now, today),
    targets: t.targets,
    recurrence: t.recurrence,
    sourceKind: t.sourceKind,
    version: t.version,
    updatedAt: t.updatedAt,
  };
}

/** The page asked for: by number, or (`after` set) the rows after a keyset cursor. */
export interface TaskPageAsked {
  page: number;
  pageSize: number;
  after?: TaskCursor;
}

/**
 * One page of a task list as the API sends it: the summaries (one Shanghai day for all), the total
 * and the page asked for (0 when asked by cursor), and `next`, the cursor after its last row while
 * more may follow (null once known to be the end: a numbered page reaching the total, or a cursor
 * page shorter than its size).
 */
export function toTaskPage<Target>(
  rows: Array<TaskSummarySource<Target>>,
  total: number,
  asked: TaskPageAsked,
  now: Date,
): { items: Array<TaskSummary<Target>>; total: number; page: number; pageSize: number; next: string | null } {
  const today = shanghaiToday(now);
  const last = rows.at(-1);
  const more = asked.after
    ? rows.length === asked.pageSize
    : (asked.page - 1) * asked.pageSize + rows.length < total && rows.length > 0;
  return {
    items: rows.map((t) => toTaskSummary(t, now, today)),
    total,
    page: asked.after ? 0 : asked.page,
    pageSize: asked.pageSize,
    next: more && last ? encodeTaskCursor(last) : null,
  };
}
