import type { DataSource } from 'typeorm';
import {
  BureauRepository,
  CalendarRepository,
  ChannelRepository,
  ParticipantRepository,
  ReminderRepository,
  ReportRepository,
  UserRepository,
  type NewChannelDelivery,
  type NewReminder,
  type PlanningChannel,
  type ReminderRecipient,
} from '@luoshi/db';
import { addDays, missingCalendarYears, setCalendarEntries, shanghaiClock } from '@luoshi/reminder-policy';
import {
  DEFAULT_POLICY,
  annualReportReminderDue,
  inQuietHours,
  isSendingWindow,
  remindersDue,
  type PolicySettings,
  type ReminderIntent,
} from '@luoshi/reminder-policy';
import { OPEN_STATUSES } from '@luoshi/tasks';
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
  /** Pending chat-channel posts due to go out (ids only). */
  channelsToSend: number[];
  /** Pending e-mails and personal posts held back because their recipient is in quiet hours (a later sweep sends them). */
  quiet: number;
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
  const channels = new ChannelRepository(dataSource);
  const cancelled = (await repo.cancelStale()) + (await channels.cancelStale());
  const { date: today } = shanghaiClock(now);
  const calendarMissing = await loadCalendar(dataSource, today);
  if (!isSendingWindow(now, settings))
    return { inWindow: false, today, cancelled, toSend: [], channelsToSend: [], quiet: 0, calendarMissing };
  const plan = await planSweep(dataSource, today, settings);
  await recordReminders(dataSource, plan.reminders);
  // Its own transaction: a crash between the two leaves posts unwritten, and the next sweep,
  // planning the same keys, writes them.
  await channels.createIfAbsent(plan.channelDeliveries);
  const quietNow = new Set(
    (await new UserRepository(dataSource).quietHours())
      .filter((q) => inQuietHours(now, { from: q.from, to: q.to }))
      .map((q) => q.userId),
  );
  const emails = await repo.pendingDue(today);
  const posts = await channels.pendingDue(today);
  const toSend = emails.filter((r) => !quietNow.has(r.userId)).map((r) => r.id);
  const channelsToSend = posts.filter((d) => d.userId === null || !quietNow.has(d.userId)).map((d) => d.id);
  return {
    inWindow: true,
    today,
    cancelled,
    toSend,
    channelsToSend,
    quiet: emails.length - toSend.length + posts.length - channelsToSend.length,
    calendarMissing,
  };
}

/** What a sweep writes: the e-mail reminders and the chat-channel posts. */
export interface SweepPlan {
  reminders: NewReminder[];
  channelDeliveries: NewChannelDelivery[];
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
  return (await planSweep(dataSource, today, settings)).reminders;
}

/**
 * The reminders and chat posts owed on `today`. A person who turned e-mail off is still owed
 * reminders (their own chat channels may take them); only their e-mail rows are left out. A
 * bureau's group channel gets each due-soon and overdue reminder of the bureau's tasks once (not
 * once per person), and escalations of the tasks of the bureaus below it.
 */
export async function planSweep(
  dataSource: DataSource,
  today: string,
  settings: SweepSettings = DEFAULT_SWEEP,
): Promise<SweepPlan> {
  const repo = new ReminderRepository(dataSource);
  const channelRepo = new ChannelRepository(dataSource);
  await loadCalendar(dataSource, today);

  const tasks = await repo.openTasks();
  const users: Recipient[] = await new UserRepository(dataSource).reminderRecipients();
  const bureaus = await new BureauRepository(dataSource).hierarchy();
  const parent = new Map(bureaus.map((b) => [b.id, b.parentId]));
  const byId = new Map(users.map((u) => [u.id, u]));
  const staffOf = new Map<number, Recipient[]>();
  const supervisorsOf = new Map<number, Recipient[]>();
  for (const u of users) {
    if (u.bureauId === null) continue;
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
  const participantsOf = await new ParticipantRepository(dataSource).ofOpenTasks(OPEN_STATUSES);
  const optedInStaff = (bureauId: number) => (staffOf.get(bureauId) ?? []).filter((u) => u.remindersOptIn);
  /**
   * Who is reminded of a task's own deadline: its assignee, or, while nobody is assigned, the
   * bureau's staff who opted in (whether by e-mail is each person's choice, below); and the staff
   * who opted in of each bureau taking part in it (配合单位).
   */
  const remindedFor = (task: { id: number; assigneeId: number | null; bureauId: number }): Recipient[] => {
    const assignee = task.assigneeId !== null ? byId.get(task.assigneeId) : undefined;
    const own = assignee ? [assignee] : optedInStaff(task.bureauId);
    return [...own, ...(participantsOf.get(task.id) ?? []).flatMap(optedInStaff)];
  };
  /** The bureaus strictly above one (their group channels take its escalations). */
  const ancestorsOf = (bureauId: number): number[] => {
    const out: number[] = [];
    for (let b = parent.get(bureauId), depth = 0; b != null && depth < 10; b = parent.get(b), depth++) out.push(b);
    return out;
  };
  const personalChannels = new Map<number, PlanningChannel[]>();
  const bureauChannels = new Map<number, PlanningChannel[]>();
  for (const channel of await channelRepo.forPlanning()) {
    const [map, owner] =
      channel.userId !== null ? [personalChannels, channel.userId] : [bureauChannels, channel.bureauId];
    if (owner !== null) map.set(owner, [...(map.get(owner) ?? []), channel]);
  }
  const posts: NewChannelDelivery[] = [];
  const post = (channel: PlanningChannel, intent: ReminderIntent) =>
    posts.push({
      dedupeKey: `channel:${channel.id}:task:${intent.taskId}:${intent.key}:${intent.occurrenceDue}`,
      channelId: channel.id,
      planItemId: intent.taskId,
      kind: intent.kind,
      key: intent.key,
      occurrenceDue: intent.occurrenceDue,
      sendOn: today,
      status: channel.mode === 'each' ? 'pending' : 'folded',
    });
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
      for (const user of recipients) {
        if (muted.has(`${user.id}:${task.id}`)) continue;
        for (const channel of personalChannels.get(user.id) ?? []) post(channel, intent);
        if (user.reminderMode !== 'off') owed.push({ intent, user });
      }
      for (const bureauId of intent.kind === 'escalation'
        ? ancestorsOf(task.bureauId)
        : [task.bureauId, ...(participantsOf.get(task.id) ?? [])])
        for (const channel of bureauChannels.get(bureauId) ?? []) post(channel, intent);
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
  rows.push(
    ...(await annualReportRows(
      dataSource,
      today,
      settings,
      users.filter((u) => u.reminderMode !== 'off'),
      (bureauId) => supervisorsFor(bureauId).filter((u) => u.reminderMode !== 'off'),
    )),
  );
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
  return { reminders: rows, channelDeliveries: await channelPosts(channelRepo, posts, today) };
}

/** The posts not written yet, and one digest post per channel that folded a new one today. */
async function channelPosts(
  repo: ChannelRepository,
  posts: NewChannelDelivery[],
  today: string,
): Promise<NewChannelDelivery[]> {
  const stored = await repo.existingKeys(posts.map((p) => p.dedupeKey));
  const fresh = posts.filter((p) => !stored.has(p.dedupeKey));
  const digests = [...new Set(fresh.filter((p) => p.status === 'folded').map((p) => p.channelId))];
  return [
    ...fresh,
    ...digests.map((channelId) => ({
      dedupeKey: `channel:${channelId}:digest:${today}`,
      channelId,
      planItemId: null,
      kind: 'digest',
      key: 'digest',
      occurrenceDue: null,
      sendOn: today,
      status: 'pending',
    })),
  ];
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
