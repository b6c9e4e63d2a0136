import { shanghaiToday, trafficLight, isOverdue, type TrafficLight } from './traffic-light';
import type { TaskStatus } from './task-workflow';
import type { TaskSourceKind } from './task-source';

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

/** One page of a task list as the API sends it: the summaries (one Shanghai day for all), the total and the page asked for. */
export function toTaskPage<Target>(
  rows: Array<TaskSummarySource<Target>>,
  total: number,
  page: { page: number; pageSize: number },
  now: Date,
): { items: Array<TaskSummary<Target>>; total: number; page: number; pageSize: number } {
  const today = shanghaiToday(now);
  return { items: rows.map((t) => toTaskSummary(t, now, today)), total, page: page.page, pageSize: page.pageSize };
}
