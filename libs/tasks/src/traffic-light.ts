import { isOpen, type TaskStatus } from './task-workflow';

export type TrafficLight = 'green' | 'yellow' | 'red';

export const DUE_SOON_DAYS = 7;
export const STALE_DAYS = 30;

// Built once: constructing an Intl.DateTimeFormat costs far more than formatting with one (it was
// a third of the task list's CPU time and most of its memory churn under load; see BENCHMARKS.md).
const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

// The last second asked about and its date: the task list asks once a request, hundreds of times
// a second, and formatting was ~1% of its thread's time. Every zone offset is a whole number of
// seconds, so one second never spans two dates.
let lastSecond = Number.NaN;
let lastDate = '';

/** Today's calendar date in Asia/Shanghai (YYYY-MM-DD), whatever the server's zone. */
export function shanghaiToday(now: Date = new Date()): string {
  const second = Math.floor(now.getTime() / 1000);
  if (second !== lastSecond) {
    lastDate = SHANGHAI_DATE.format(now);
    lastSecond = second;
  }
  return lastDate;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface TaskTiming {
  status: TaskStatus;
  dueDate: string | null;
  lastActivityAt: Date | string | null;
}

/** Overdue: still open and its due date (Asia/Shanghai) has passed. */
export function isOverdue(task: TaskTiming, today: string = shanghaiToday()): boolean {
  return isOpen(task.status) && task.dueDate !== null && task.dueDate < today;
}

/**
 * Red: overdue. Yellow: due within 7 days, or no update for 30 days. Green: on track.
 * Closed and dropped tasks have no light (null).
 */
export function trafficLight(
  task: TaskTiming,
  now: Date = new Date(),
  today: string = shanghaiToday(now),
): TrafficLight | null {
  if (!isOpen(task.status)) return null;
  if (isOverdue(task, today)) return 'red';
  if (task.dueDate !== null && daysBetween(today, task.dueDate) <= DUE_SOON_DAYS) return 'yellow';
  if (task.lastActivityAt) {
    const last = typeof task.lastActivityAt === 'string' ? new Date(task.lastActivityAt) : task.lastActivityAt;
    if (now.getTime() - last.getTime() > STALE_DAYS * 86_400_000) return 'yellow';
  }
  return 'green';
}
