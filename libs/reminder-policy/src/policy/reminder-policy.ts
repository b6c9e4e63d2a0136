import { daysBetween, isOpen, type TaskStatus } from '@luoshi/tasks';
import { addDays, isWorkingDay, shanghaiClock, workingDayOnOrAfter, workingDayOnOrBefore } from './calendar.util';

export { daysBetween };

export type ReminderKind = 'before' | 'overdue' | 'escalation';
export type Recurrence = 'weekly' | 'monthly' | 'quarterly' | 'semiannual' | 'yearly' | null;

export interface PolicySettings {
  /** Days before a due date to remind (default 30, 7, 1). */
  offsets: number[];
  /** Days between escalations of an overdue task to supervisors (default 7). */
  escalateEveryDays: number;
  /** Sending hours in Asia/Shanghai, [start, end) (default 9–18). */
  workingHours: [number, number];
}

export const DEFAULT_POLICY: PolicySettings = { offsets: [30, 7, 1], escalateEveryDays: 7, workingHours: [9, 18] };

export interface TaskForPolicy {
  id: number;
  status: string;
  dueDate: string | null;
  recurrence: Recurrence | string | null;
  planYear: number | null;
}

/** One reminder a task is owed, identified so that it is sent once whatever runs twice. */
export interface ReminderIntent {
  taskId: number;
  kind: ReminderKind;
  /** before-7, overdue, escalation-2 … */
  key: string;
  /** The due date (of this occurrence, for recurring tasks) the reminder is about. */
  occurrenceDue: string;
  /** The working day it goes out on. */
  sendOn: string;
  daysLeft: number;
}

const PERIOD_MONTHS: Record<string, number> = { monthly: 1, quarterly: 3, semiannual: 6, yearly: 12 };

function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** Due dates a task is reminded for: its due date, or each period end of a recurring task up to it. */
export function occurrences(task: TaskForPolicy): string[] {
  if (!task.dueDate) return [];
  const months = task.recurrence ? PERIOD_MONTHS[task.recurrence] : undefined;
  if (!months || !task.planYear) return [task.dueDate];
  const out: string[] = [];
  for (let m = months; m <= 12; m += months) {
    const end = lastDayOfMonth(task.planYear, m);
    if (end <= task.dueDate) out.push(end);
  }
  if (!out.includes(task.dueDate)) out.push(task.dueDate);
  return out;
}

/**
 * What a task is owed on `today` (Asia/Shanghai date): for each occurrence, the latest "before"
 * reminder whose day has come (an older one that was missed is not sent late once a newer one is
 * due), the overdue notice the working day after the due date, and weekly escalations after
 * that. Reminders that fall on a holiday go out on the working day before; the overdue notice on
 * the working day after. Only open tasks are owed anything. Pure: same input, same output.
 */
export function remindersDue(
  task: TaskForPolicy,
  today: string,
  settings: PolicySettings = DEFAULT_POLICY,
): ReminderIntent[] {
  if (!isOpen(task.status as TaskStatus)) return [];
  const out: ReminderIntent[] = [];
  const all = occurrences(task);
  // Reminders for earlier occurrences of a recurring task stop once the next period has come.
  const current = all.find((due) => due >= today) ?? all[all.length - 1];
  for (const due of all) {
    if (due >= today) {
      if (due !== current) continue;
      const period = task.recurrence && PERIOD_MONTHS[task.recurrence] ? PERIOD_MONTHS[task.recurrence] * 28 : Infinity;
      const candidates = settings.offsets
        .filter((n) => n < period)
        .map((n) => ({ n, sendOn: workingDayOnOrBefore(addDays(due, -n)) }))
        .filter((c) => c.sendOn <= today)
        .sort((a, b) => a.n - b.n);
      const latest = candidates[0];
      if (latest)
        out.push({
          taskId: task.id,
          kind: 'before',
          key: `before-${latest.n}`,
          occurrenceDue: due,
          sendOn: latest.sendOn,
          daysLeft: daysBetween(today, due),
        });
      continue;
    }
    if (due !== all[all.length - 1] && task.recurrence) continue; // past periods of a recurring task are not chased
    const overdueOn = workingDayOnOrAfter(addDays(due, 1));
    if (overdueOn > today) continue;
    const weeks = Math.floor(daysBetween(addDays(due, 1), today) / settings.escalateEveryDays);
    if (weeks === 0) {
      out.push({
        taskId: task.id,
        kind: 'overdue',
        key: 'overdue',
        occurrenceDue: due,
        sendOn: overdueOn,
        daysLeft: -daysBetween(due, today),
      });
    } else {
      const sendOn = workingDayOnOrAfter(addDays(due, 1 + weeks * settings.escalateEveryDays));
      if (sendOn <= today)
        out.push({
          taskId: task.id,
          kind: 'escalation',
          key: `escalation-${weeks}`,
          occurrenceDue: due,
          sendOn,
          daysLeft: -daysBetween(due, today),
        });
    }
  }
  return out;
}

/** Whether e-mails may go out at `now`: a PRC working day, inside the working hours. */
export function isSendingWindow(now: Date, settings: PolicySettings = DEFAULT_POLICY): boolean {
  const { date, hour } = shanghaiClock(now);
  return isWorkingDay(date) && hour >= settings.workingHours[0] && hour < settings.workingHours[1];
}

/**
 * The burden cap (减负): of the reminders a person is owed, at most `cap` per week go out one by
 * one; the rest are folded into that person's digest.
 */
export function applyBurdenCap<T>(
  intents: T[],
  alreadySentThisWeek: number,
  cap: number,
): { single: T[]; digest: T[] } {
  const room = Math.max(0, cap - alreadySentThisWeek);
  return { single: intents.slice(0, room), digest: intents.slice(room) };
}

/** The last day (inclusive) to remind bureaus that have not published last year's report. */
export function annualReportReminderDue(
  today: string,
  deadline: { month: number; day: number },
  leadDays: number,
): { reportYear: number; deadline: string } | null {
  const year = Number(today.slice(0, 4));
  const deadlineDate = `${year}-${String(deadline.month).padStart(2, '0')}-${String(deadline.day).padStart(2, '0')}`;
  const from = workingDayOnOrBefore(addDays(deadlineDate, -leadDays));
  return today >= from && today <= deadlineDate ? { reportYear: year - 1, deadline: deadlineDate } : null;
}
