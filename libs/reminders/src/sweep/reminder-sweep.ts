import type { DataSource } from 'typeorm';
import {
  BureauRepository,
  CalendarRepository,
  ReminderRepository,
  ReportRepository,
  UserRepository,
  type NewReminder,
  type ReminderRecipient,
} from '@luoshi/db';
import { addDays, missingCalendarYears, setCalendarEntries, shanghaiClock } from '@luoshi/reminder-policy';
import {
  DEFAULT_POLICY,
  annualReportReminderDue,
  isSendingWindow,
  remindersDue,
  type PolicySettings,
  type ReminderIntent,
} from '@luoshi/reminder-policy';
import { recordReminders } from './reminder-notifications';

export interface SweepSettings extends PolicySettings {
  /** Single reminder e-mails per person per week before the rest fold into the digest (减负). */
  weeklyCap: number;
  /** Statutory deadline for publishing last year's report (default 1 March) and how long before it to remind. */
  annualReport: { month: number; day: number; leadDays: number };
}

export const DEFAULT_SWEEP: SweepSettings = {
  ...DEFAULT_POLICY,
  weeklyCap: 10,
  annualReport: { month: 3, day: 1, leadDays: 14 },
};

export interface SweepResult {
  /** Nothing is planned outside working hours and days. */
  inWindow: boolean;
  today: string;
  cancelled: number;
  /** Pending reminder ids due to go out, for the e-mail queue (ids only, never text). */
  toSend: number[];
  /** Years whose holidays nobody knows (built-in data or entered): reminders use Monday–Friday there. */
  calendarMissing: number[];
}

/**
 * The working-day calendar as admins entered it (for years the built-in holiday data does not
 * cover), set into the policy before anything is planned; returns the years still unknown.
 */
export async function loadCalendar(dataSource: DataSource, today: string): Promise<number[]> {
  setCalendarEntries(await new CalendarRepository(dataSource).all());
  return missingCalendarYears(today);
}

type Recipient = ReminderRecipient;

/** Monday of the week `date` is in (the burden cap counts per calendar week). */
function weekStart(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}

/**
 * The sweep: from the database state alone, works out which reminders are owed today, writes
 * each once (a unique key per task, person, reminder and due date), folds what exceeds a person's
 * weekly cap or preference into a daily digest, cancels reminders that no longer apply, and
 * returns the pending ones to send. Running it twice, or in two workers, writes nothing new.
 */
export async function sweepReminders(
  dataSource: DataSource,
  now: Date,
  settings: SweepSettings = DEFAULT_SWEEP,
): Promise<SweepResult> {
  const repo = new ReminderRepository(dataSource);
  const cancelled = await repo.cancelStale();
  const { date: today } = shanghaiClock(now);
  const calendarMissing = await loadCalendar(dataSource, today);
  if (!isSendingWindow(now, settings)) return { inWindow: false, today, cancelled, toSend: [], calendarMissing };
  await recordReminders(dataSource, await planReminders(dataSource, today, settings));
  return {
    inWindow: true,
    today,
    cancelled,
    toSend: (await repo.pendingDue(today)).map((r) => r.id),
    calendarMissing,
  };
}

/**
 * The reminders owed on `today` as rows to write (pending, or folded into a digest), without
 * writing them: the sweep writes them, `luoshi reminders preview` only prints them.
 */
export async function planReminders(
  dataSource: DataSource,
  today: string,
  settings: SweepSettings = DEFAULT_SWEEP,
): Promise<NewReminder[]> {
  const repo = new ReminderRepository(dataSource);
  await loadCalendar(dataSource, today);

  const tasks = await repo.openTasks();
  const users: Recipient[] = await new UserRepository(dataSource).reminderRecipients();
  const bureaus = await new BureauRepository(dataSource).hierarchy();
  const parent = new Map(bureaus.map((b) => [b.id, b.parentId]));
  const byId = new Map(users.map((u) => [u.id, u]));
  const staffOf = new Map<number, Recipient[]>();
  const supervisorsOf = new Map<number, Recipient[]>();
  for (const u of users) {
    if (u.bureauId === null || u.reminderMode === 'off') continue;
    const map = u.role === 'supervisor' ? supervisorsOf : u.role === 'staff' ? staffOf : null;
    if (map) map.set(u.bureauId, [...(map.get(u.bureauId) ?? []), u]);
  }
  /** Supervisors of the bureau or of any bureau above it. */
  const supervisorsFor = (bureauId: number): Recipient[] => {
    const out: Recipient[] = [];
    for (let b: number | null | undefined = bureauId, depth = 0; b != null && depth < 10; b = parent.get(b), depth++)
      out.push(...(supervisorsOf.get(b) ?? []));
    return out;
  };
  /**
   * Who is reminded of a task's own deadline: its assignee (nobody, when the assignee turned
   * reminders off), or, while nobody is assigned, the bureau's staff who opted in.
   */
  const remindedFor = (task: { assigneeId: number | null; bureauId: number }): Recipient[] => {
    const assignee = task.assigneeId !== null ? byId.get(task.assigneeId) : undefined;
    if (!assignee) return (staffOf.get(task.bureauId) ?? []).filter((u) => u.remindersOptIn);
    return assignee.reminderMode === 'off' ? [] : [assignee];
  };
  const muted = new Set(
    (
      await repo.mutedPairs(
        users.map((u) => u.id),
        today,
      )
    ).map((m) => `${m.userId}:${m.planItemId}`),
  );

  const owed: Array<{ intent: ReminderIntent; user: Recipient }> = [];
  for (const task of tasks) {
    for (const intent of remindersDue(task, today, settings)) {
      const recipients = intent.kind === 'escalation' ? supervisorsFor(task.bureauId) : remindedFor(task);
      for (const user of recipients) if (!muted.has(`${user.id}:${task.id}`)) owed.push({ intent, user });
    }
  }

  const sent = await repo.sentSince([...new Set(owed.map((o) => o.user.id))], weekStart(today));
  const keyOf = ({ intent, user }: (typeof owed)[number]) =>
    `task:${intent.taskId}:user:${user.id}:${intent.key}:${intent.occurrenceDue}`;
  // Reminders an earlier sweep already wrote are counted by sentSince; counting them again here
  // (every hourly re-run owes them again) folded new reminders into digests long before the cap.
  const stored = await repo.existingKeys(owed.map(keyOf));
  const rows: NewReminder[] = [];
  const digests = new Set<number>();
  for (const { intent, user } of owed) {
    if (stored.has(keyOf({ intent, user }))) continue;
    const used = sent.get(user.id) ?? 0;
    const single = user.reminderMode === 'each' && used < settings.weeklyCap;
    if (single) sent.set(user.id, used + 1);
    else digests.add(user.id);
    rows.push({
      dedupeKey: keyOf({ intent, user }),
      planItemId: intent.taskId,
      userId: user.id,
      kind: intent.kind,
      key: intent.key,
      occurrenceDue: intent.occurrenceDue,
      sendOn: today,
      status: single ? 'pending' : 'folded',
    });
  }
  rows.push(...(await annualReportRows(dataSource, today, settings, users, supervisorsFor)));
  for (const userId of digests) {
    rows.push({
      dedupeKey: `digest:user:${userId}:${today}`,
      planItemId: null,
      userId,
      kind: 'digest',
      key: 'digest',
      occurrenceDue: null,
      sendOn: today,
      status: 'pending',
    });
  }
  return rows;
}

/**
 * Before the statutory deadline: staff of every bureau that has no report for last year yet are
 * reminded (once a year), and each supervisor gets the list of such bureaus at or below theirs.
 */
async function annualReportRows(
  dataSource: DataSource,
  today: string,
  settings: SweepSettings,
  users: Recipient[],
  supervisorsFor: (bureauId: number) => Recipient[],
): Promise<NewReminder[]> {
  const due = annualReportReminderDue(today, settings.annualReport, settings.annualReport.leadDays);
  if (!due) return [];
  const published = await new ReportRepository(dataSource).bureausWithReport(due.reportYear);
  const bureaus = await new BureauRepository(dataSource).hierarchy();
  const missing = bureaus.filter((b) => !published.has(b.id)).map((b) => b.id);
  const rows: NewReminder[] = [];
  const supervisors = new Set<number>();
  for (const bureauId of missing) {
    for (const u of users) {
      if (u.bureauId === bureauId && u.role === 'staff' && u.remindersOptIn && u.reminderMode !== 'off') {
        rows.push({
          dedupeKey: `annual:${due.reportYear}:bureau:${bureauId}:user:${u.id}`,
          planItemId: null,
          userId: u.id,
          kind: 'annual_report',
          key: `annual-${due.reportYear}`,
          occurrenceDue: due.deadline,
          sendOn: today,
          status: 'pending',
        });
      }
    }
    for (const s of supervisorsFor(bureauId)) supervisors.add(s.id);
  }
  for (const userId of supervisors) {
    rows.push({
      dedupeKey: `missing-reports:${due.reportYear}:user:${userId}`,
      planItemId: null,
      userId,
      kind: 'missing_reports',
      key: `missing-${due.reportYear}`,
      occurrenceDue: due.deadline,
      sendOn: today,
      status: 'pending',
    });
  }
  return rows;
}
