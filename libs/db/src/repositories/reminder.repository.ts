import { In, type Repository } from 'typeorm';
import { OPEN_STATUSES } from '@luoshi/tasks';
import { PlanItem } from '../entities/plan-item.entity';
import { Reminder, ReminderMute } from '../entities/reminder.entity';
import type { DbHandle } from './db-handle.types';

export type NewReminder = Pick<Reminder, 'dedupeKey' | 'planItemId' | 'userId' | 'kind' | 'key' | 'occurrenceDue' | 'sendOn' | 'status'>;

/** What the sweep needs of an open task (read without hydrating whole entities). */
export interface OpenTaskRow {
  id: number;
  status: string;
  dueDate: string;
  recurrence: string | null;
  planYear: number | null;
  bureauId: number;
  assigneeId: number | null;
}


/** A raw DATE value as YYYY-MM-DD: SQLite returns text, node-postgres a Date at local midnight. */
function isoDate(value: unknown): string {
  if (value instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  return String(value).slice(0, 10);
}

export class ReminderRepository {
  private readonly reminders: Repository<Reminder>;
  private readonly mutes: Repository<ReminderMute>;
  private readonly items: Repository<PlanItem>;

  constructor(db: DbHandle) {
    this.reminders = db.getRepository(Reminder);
    this.mutes = db.getRepository(ReminderMute);
    this.items = db.getRepository(PlanItem);
  }

  /** Open, current (not superseded) tasks with a due date. */
  async openTasks(): Promise<OpenTaskRow[]> {
    const rows: Array<Record<string, unknown>> = await this.items
      .createQueryBuilder('t')
      .select(['t.id AS id', 't.status AS status', 't.dueDate AS "dueDate"', 't.recurrence AS recurrence', 't.planYear AS "planYear"', 't.bureauId AS "bureauId"', 't.assigneeId AS "assigneeId"'])
      .where('t.status IN (:...open)', { open: [...OPEN_STATUSES] })
      .andWhere('t.dueDate IS NOT NULL')
      .andWhere('t.supersededById IS NULL')
      .getRawMany();
    return rows.map((r) => ({
      id: Number(r.id),
      status: String(r.status),
      dueDate: isoDate(r.dueDate),
      recurrence: (r.recurrence as string | null) ?? null,
      planYear: r.planYear === null ? null : Number(r.planYear),
      bureauId: Number(r.bureauId),
      assigneeId: r.assigneeId === null ? null : Number(r.assigneeId),
    }));
  }

  /**
   * Inserts the rows whose dedupe key is new; existing ones are left exactly as they are.
   * `updateEntity(false)`: on SQLite TypeORM would re-read the inserted rows by id to fill in
   * defaults, and a batch mixing new and ignored rows has no id for the ignored ones — the sweep
   * then failed ("entity id is not set") once reminders already existed beside new ones (found by
   * test/reliability/faults). Nothing reads the objects back, so the reload is skipped.
   */
  async createIfAbsent(rows: NewReminder[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      await this.reminders.createQueryBuilder().insert().into(Reminder).values(rows.slice(i, i + 200)).orIgnore().updateEntity(false).execute();
    }
  }

  /** Which of these dedupe keys are already stored. */
  async existingKeys(keys: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.reminders.find({ where: { dedupeKey: In(keys.slice(i, i + 500)) }, select: { dedupeKey: true } });
      for (const row of rows) found.add(row.dedupeKey);
    }
    return found;
  }

  /** Pending reminders due to go out by `today`. */
  pendingDue(today: string): Promise<Reminder[]> {
    return this.reminders.createQueryBuilder('r').where('r.status = :pending', { pending: 'pending' }).andWhere('r.sendOn <= :today', { today }).orderBy('r.id', 'ASC').getMany();
  }

  findById(id: number): Promise<Reminder | null> {
    return this.reminders.findOneBy({ id });
  }

  forTask(planItemId: number): Promise<Reminder[]> {
    return this.reminders.find({ where: { planItemId }, order: { id: 'ASC' } });
  }

  /** Reminders folded into a person's digest for a day. */
  folded(userId: number, sendOn: string): Promise<Reminder[]> {
    return this.reminders.find({ where: { userId, sendOn, status: 'folded' }, order: { id: 'ASC' } });
  }

  /** Single reminders sent to a person since `since` (the burden cap counts them). */
  async sentSince(userIds: number[], since: string): Promise<Map<number, number>> {
    if (userIds.length === 0) return new Map();
    const rows: Array<{ userId: number | string; n: number | string }> = await this.reminders
      .createQueryBuilder('r')
      .select('r.userId', 'userId')
      .addSelect('COUNT(*)', 'n')
      .where('r.userId IN (:...userIds)', { userIds })
      .andWhere('r.sendOn >= :since', { since })
      .andWhere('r.status IN (:...counted)', { counted: ['pending', 'sent'] })
      .andWhere("r.kind <> 'digest'")
      .groupBy('r.userId')
      .getRawMany();
    return new Map(rows.map((r) => [Number(r.userId), Number(r.n)]));
  }

  /**
   * Pending reminders that no longer apply: their task was finished or dropped, its due date
   * moved (so the reminder is about a date that is not the task's any more), or it was muted.
   */
  async cancelStale(): Promise<number> {
    const pending = await this.reminders.find({ where: { status: In(['pending', 'folded']) } });
    const taskIds = [...new Set(pending.map((r) => r.planItemId).filter((id): id is number => id !== null))];
    const tasks = new Map((taskIds.length === 0 ? [] : await this.items.find({ where: { id: In(taskIds) }, select: { id: true, status: true, dueDate: true, recurrence: true, supersededById: true } })).map((t) => [t.id, t]));
    const muted = new Set((taskIds.length === 0 ? [] : await this.mutes.find({ where: { planItemId: In(taskIds) } })).map((m) => `${m.userId}:${m.planItemId}`));
    const stale = pending.filter((r) => {
      if (r.planItemId === null) return false;
      const task = tasks.get(r.planItemId);
      if (!task || !OPEN_STATUSES.includes(task.status) || task.supersededById !== null) return true;
      if (muted.has(`${r.userId}:${r.planItemId}`)) return true;
      return !task.recurrence && r.occurrenceDue !== null && task.dueDate !== r.occurrenceDue;
    });
    if (stale.length > 0) await this.reminders.update({ id: In(stale.map((r) => r.id)) }, { status: 'cancelled' });
    // A digest with nothing left in it is not sent.
    const staleIds = new Set(stale.map((r) => r.id));
    const stillFolded = new Set(pending.filter((r) => r.status === 'folded' && !staleIds.has(r.id)).map((r) => `${r.userId}:${r.sendOn}`));
    const emptyDigests = pending.filter((r) => r.kind === 'digest' && r.status === 'pending' && !stillFolded.has(`${r.userId}:${r.sendOn}`));
    if (emptyDigests.length > 0) await this.reminders.update({ id: In(emptyDigests.map((r) => r.id)) }, { status: 'cancelled' });
    return stale.length + emptyDigests.length;
  }

  async cancel(id: number): Promise<void> {
    await this.reminders.update({ id }, { status: 'cancelled' });
  }

  async markSent(id: number, messageId: string | null, attempts: number): Promise<void> {
    await this.reminders.update({ id }, { status: 'sent', messageId, sentAt: new Date(), attempts, error: null });
  }

  async recordAttempt(id: number, attempts: number, error: string, final: boolean): Promise<void> {
    await this.reminders.update({ id }, { attempts, error, ...(final ? { status: 'failed' as const } : {}) });
  }

  /** Marks the folded reminders of a digest as sent with it. */
  async markFoldedSent(ids: number[]): Promise<void> {
    if (ids.length > 0) await this.reminders.update({ id: In(ids) }, { status: 'sent', sentAt: new Date() });
  }

  mutedPairs(userIds: number[]): Promise<ReminderMute[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.mutes.find({ where: { userId: In(userIds) } });
  }

  async mute(userId: number, planItemId: number): Promise<void> {
    await this.mutes.createQueryBuilder().insert().into(ReminderMute).values({ userId, planItemId }).orIgnore().execute();
  }
}
