import type { DataSource } from 'typeorm';
import { BureauRepository, Notification, PlanItem, Reminder, ReminderRepository, Report, User } from '@luoshi/db';
import { databaseTargets } from '../../../../test/support/test-env';
import { openMigratedDatabase, type MigratedDatabase } from '../../../../test/support/test-db';
import { In, Like } from 'typeorm';
import { DEFAULT_SWEEP, sweepReminders } from './reminder-sweep';
import { recordReminders } from './reminder-notifications';

// 2025-06-23 (Monday) 10:00 in Shanghai: seven days before a task due 2025-06-30.
const MONDAY_10AM = new Date('2025-06-23T02:00:00Z');

describe.each(databaseTargets())(`${sweepReminders.name} on %s`, (target) => {
  let db: MigratedDatabase;
  let ds: DataSource;
  let taskId: number;
  let ids: Record<string, number>;

  beforeAll(async () => {
    db = await openMigratedDatabase(target);
    ds = db.ds;
    const bureaus = new BureauRepository(ds);
    const city = await bureaus.create({ name: '杭州市司法局' });
    const district = await bureaus.create({ name: '杭州市西湖区司法局', parentId: city.id });
    const make = (email: string, role: User['role'], bureauId: number, extra: Partial<User> = {}) =>
      ds.manager.save(User, { email, displayName: email, role, bureauId, passwordHash: 'x', ...extra });
    ids = {
      staff: (await make('staff@t', 'staff', district.id)).id,
      quiet: (await make('quiet@t', 'staff', district.id, { remindersOptIn: false })).id,
      supervisor: (await make('sup@t', 'supervisor', city.id)).id,
    };
    const report = await ds.manager.save(Report, {
      bureauId: district.id,
      reportYear: 2024,
      planYear: 2025,
      title: null,
      publishDate: null,
      sourceUrl: null,
      contentHash: 'h',
      revision: 1,
      encoding: 'utf-8',
      rawText: 't',
      parserVersion: '1',
      sections: [],
      warnings: [],
    });
    const task = await ds.manager.save(PlanItem, {
      reportId: report.id,
      bureauId: district.id,
      planYear: 2025,
      path: '1',
      title: '提升行政复议工作质效',
      body: 'b',
      owner: null,
      coOwners: [],
      dueDate: '2025-06-30',
      deadlines: [],
      status: 'planned',
      targets: [],
      recurrence: null,
      actions: [],
      verifiability: null,
      startOffset: 0,
      endOffset: 1,
      assigneeId: null,
      parentId: null,
    } as Partial<PlanItem>);
    taskId = task.id;
  });

  afterAll(async () => {
    await db?.close();
  });

  const rows = () => ds.manager.find(Reminder, { order: { id: 'ASC' } });

  it('owes the 7-day reminder to the bureau staff who opted in, once however often it runs', async () => {
    const first = await sweepReminders(ds, MONDAY_10AM);
    expect(first).toMatchObject({ inWindow: true, today: '2025-06-23' });
    const second = await sweepReminders(ds, MONDAY_10AM);
    expect(second.toSend).toEqual(first.toSend);
    await Promise.all([sweepReminders(ds, MONDAY_10AM), sweepReminders(ds, MONDAY_10AM)]);
    const all = await rows();
    expect(all.map((r) => [r.userId, r.key, r.status])).toEqual([[ids.staff, 'before-7', 'pending']]);
    expect(first.toSend).toEqual([all[0].id]);
  });

  it('adds new reminders beside stored ones on a later sweep, single ones, not folded by a recount of the old', async () => {
    const base = await ds.manager.findOneByOrFail(PlanItem, { id: taskId });
    const { id: _id, ...template } = base;
    // Five more tasks for the bureau's staff, due in 7 days (six reminders stored after this sweep)…
    const more = await ds.manager.save(
      PlanItem,
      Array.from({ length: 5 }, (_, i) => ({ ...template, path: `m${i}`, title: `事项${i}`, version: 1 })),
    );
    await sweepReminders(ds, MONDAY_10AM, { ...DEFAULT_SWEEP, weeklyCap: 10 });
    // …so a sweep that re-counts stored reminders each run would fold the next ones early. Here: 6 single, no digest.
    const again = await ds.manager.save(
      PlanItem,
      Array.from({ length: 3 }, (_, i) => ({ ...template, path: `n${i}`, title: `再加${i}`, version: 1 })),
    );
    await sweepReminders(ds, MONDAY_10AM, { ...DEFAULT_SWEEP, weeklyCap: 10 });
    await sweepReminders(ds, MONDAY_10AM, { ...DEFAULT_SWEEP, weeklyCap: 10 });
    const mine = (await rows()).filter((r) => r.userId === ids.staff && r.sendOn === '2025-06-23');
    expect(mine.filter((r) => r.status === 'pending' && r.kind === 'before')).toHaveLength(9);
    expect(mine.filter((r) => r.kind === 'digest' || r.status === 'folded')).toEqual([]);
    await ds.manager.delete(
      PlanItem,
      [...more, ...again].map((t) => t.id),
    );
    await ds.manager.delete(Reminder, { planItemId: In([...more, ...again].map((t) => t.id)) });
  });

  it('notifies each recorded reminder once: those it wrote by the ids it got back, one stored before by its id read', async () => {
    const owed = (key: string) => ({
      dedupeKey: `test-notify:${key}`,
      planItemId: taskId,
      userId: ids.staff,
      kind: 'before' as const,
      key,
      occurrenceDue: '2025-06-30',
      sendOn: '2025-06-23',
      status: 'pending' as const,
    });
    // One of them stored already without its notification (as by a sweep before notifications existed).
    await new ReminderRepository(ds).createIfAbsent([owed('before-3')]);
    await recordReminders(ds, [owed('before-3'), owed('before-2')]);
    await recordReminders(ds, [owed('before-3'), owed('before-2')]);
    const stored = await ds.manager.find(Reminder, {
      where: { dedupeKey: Like('test-notify:%') },
      order: { id: 'ASC' },
    });
    const notes = await ds.manager.find(Notification, {
      where: { dedupeKey: In(stored.map((r) => `reminder:${r.id}`)) },
    });
    expect(stored).toHaveLength(2);
    expect(notes.map((n) => n.dedupeKey).sort()).toEqual(stored.map((r) => `reminder:${r.id}`).sort());
    await ds.manager.delete(Notification, { id: In(notes.map((n) => n.id)) });
    await ds.manager.delete(Reminder, { id: In(stored.map((r) => r.id)) });
  });

  it('plans nothing outside working hours', async () => {
    await expect(sweepReminders(ds, new Date('2025-06-23T12:00:00Z'))).resolves.toMatchObject({
      inWindow: false,
      toSend: [],
    });
  });

  it('cancels the pending reminder when the due date moves, and owes the new date its own', async () => {
    await ds.manager.update(PlanItem, { id: taskId }, { dueDate: '2025-07-23' });
    const result = await sweepReminders(ds, MONDAY_10AM);
    expect(result.cancelled).toBe(1);
    const all = await rows();
    expect(all.map((r) => [r.key, r.occurrenceDue, r.status])).toEqual([
      ['before-7', '2025-06-30', 'cancelled'],
      ['before-30', '2025-07-23', 'pending'],
    ]);
  });

  it('folds reminders into a daily digest for people who chose it', async () => {
    await ds.manager.update(User, { id: ids.staff }, { reminderMode: 'digest' });
    await ds.manager.update(PlanItem, { id: taskId }, { dueDate: '2025-06-24' });
    const result = await sweepReminders(ds, MONDAY_10AM);
    const latest = (await rows()).filter((r) => r.status !== 'cancelled');
    expect(latest.map((r) => [r.kind, r.key, r.status])).toEqual([
      ['before', 'before-1', 'folded'],
      ['digest', 'digest', 'pending'],
    ]);
    expect(result.toSend).toEqual([latest[1].id]);
    await ds.manager.update(User, { id: ids.staff }, { reminderMode: 'each' });
  });

  it('stops when the task is muted or finished, and escalates overdue work to supervisors above', async () => {
    await new ReminderRepository(ds).mute(ids.staff, taskId);
    await sweepReminders(ds, MONDAY_10AM);
    expect((await rows()).filter((r) => r.status === 'pending' || r.status === 'folded')).toEqual([]);
    await ds.manager.update(PlanItem, { id: taskId }, { dueDate: '2025-06-10' });
    await sweepReminders(ds, MONDAY_10AM);
    const escalation = (await rows()).filter((r) => r.kind === 'escalation');
    expect(escalation.map((r) => [r.userId, r.key, r.status])).toEqual([[ids.supervisor, 'escalation-1', 'pending']]);
    await ds.manager.update(PlanItem, { id: taskId }, { status: 'closed' });
    await sweepReminders(ds, MONDAY_10AM);
    expect((await rows()).filter((r) => r.status === 'pending')).toEqual([]);
  });

  it('cancels a backlog larger than one id list, and the digest left empty by it', async () => {
    const base = await ds.manager.findOneByOrFail(PlanItem, { id: taskId });
    const { id: _id, ...template } = base;
    const backlog = await ds.manager.save(PlanItem, {
      ...template,
      path: 'backlog',
      title: '积压事项',
      status: 'in_progress',
      dueDate: '2025-05-01',
      version: 1,
    });
    const repo = new ReminderRepository(ds);
    const folded = Array.from({ length: 2500 }, (_, i) => ({
      dedupeKey: `backlog:${i}`,
      planItemId: backlog.id,
      userId: ids.staff,
      kind: 'overdue' as const,
      key: `overdue-${i}`,
      occurrenceDue: '2025-05-01',
      sendOn: '2025-05-06',
      status: 'folded' as const,
    }));
    await repo.createIfAbsent([
      ...folded,
      {
        dedupeKey: 'backlog:digest',
        planItemId: null,
        userId: ids.staff,
        kind: 'digest',
        key: 'digest',
        occurrenceDue: null,
        sendOn: '2025-05-06',
        status: 'pending',
      },
    ]);
    await ds.manager.update(PlanItem, { id: backlog.id }, { status: 'closed' });
    await expect(repo.cancelStale()).resolves.toBe(2501);
    expect(await ds.manager.countBy(Reminder, { dedupeKey: Like('backlog:%'), status: 'cancelled' })).toBe(2501);
  });

  it('finds stored keys, their ids and task summaries among more values than one IN list or array holds', async () => {
    const repo = new ReminderRepository(ds);
    const stored = Array.from({ length: 600 }, (_, i) => ({
      dedupeKey: `lookup:${i * 37}`,
      planItemId: taskId,
      userId: ids.staff,
      kind: 'overdue' as const,
      key: `lookup-${i}`,
      occurrenceDue: '2025-05-01',
      sendOn: '2025-05-06',
      status: 'sent' as const,
    }));
    const written = await repo.createIfAbsent(stored);
    // 22,200 keys: 45 IN lists on SQLite, two arrays on PostgreSQL; the stored ones spread through all.
    const keys = Array.from({ length: 22_200 }, (_, i) => `lookup:${i}`);
    const found = await repo.existingKeys(keys);
    expect([...found].sort()).toEqual(stored.map((r) => r.dedupeKey).sort());
    const byKey = await repo.idsByKey(keys);
    expect(byKey.size).toBe(600);
    for (const [key, id] of written) expect(byKey.get(key)).toBe(id);
    const taskIds = [...Array.from({ length: 20_500 }, (_, i) => 10_000_000 + i), taskId];
    expect((await repo.taskSummaries(taskIds)).map((t) => [t.id, t.title, t.dueDate])).toEqual([
      [taskId, '提升行政复议工作质效', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)],
    ]);
  });
});
