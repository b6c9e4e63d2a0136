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

/** Ids per IN (…) list in writes: far below PostgreSQL's 65,535 bound parameters. */
const ID_CHUNK = 1000;

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
    // One joined read of exactly what the decision needs (no IN list of every task: a large
    // backlog would pass PostgreSQL's 65,535 bound parameters, and hydrating it is slow).
    const rows: Array<Record<string, unknown>> = await this.reminders
      .createQueryBuilder('r')
      .leftJoin(PlanItem, 't', 't.id = r.planItemId')
      .leftJoin(ReminderMute, 'm', 'm.userId = r.userId AND m.planItemId = r.planItemId')
      .select([
        'r.id AS id', 'r.userId AS "userId"', 'r.planItemId AS "planItemId"', 'r.kind AS kind', 'r.status AS status', 'r.sendOn AS "sendOn"', 'r.occurrenceDue AS "occurrenceDue"',
        't.id AS "taskId"', 't.status AS "taskStatus"', 't.dueDate AS "taskDue"', 't.recurrence AS recurrence', 't.supersededById AS "supersededById"', 'm.id AS "muteId"',
      ])
      .where('r.status IN (:...waiting)', { waiting: ['pending', 'folded'] })
      .getRawMany();
    const isStale = (r: Record<string, unknown>): boolean => {
      if (r.planItemId === null) return false;
      if (r.taskId === null || !OPEN_STATUSES.includes(r.taskStatus as never) || r.supersededById !== null) return true;
      if (r.muteId !== null) return true;
      return !r.recurrence && r.occurrenceDue !== null && isoDate(r.taskDue) !== isoDate(r.occurrenceDue);
    };
    const stale = rows.filter(isStale);
    const staleIds = new Set(stale.map((r) => Number(r.id)));
    // A digest with nothing left in it is not sent.
    const stillFolded = new Set(rows.filter((r) => r.status === 'folded' && !staleIds.has(Number(r.id))).map((r) => `${r.userId}:${isoDate(r.sendOn)}`));
    const emptyDigests = rows.filter((r) => r.kind === 'digest' && r.status === 'pending' && !stillFolded.has(`${r.userId}:${isoDate(r.sendOn)}`));
    const ids = [...staleIds, ...emptyDigests.map((r) => Number(r.id))];
    for (let i = 0; i < ids.length; i += ID_CHUNK) await this.reminders.update({ id: In(ids.slice(i, i + ID_CHUNK)) }, { status: 'cancelled' });
    return ids.length;
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
    const sentAt = new Date();
    for (let i = 0; i < ids.length; i += ID_CHUNK) await this.reminders.update({ id: In(ids.slice(i, i + ID_CHUNK)) }, { status: 'sent', sentAt });
  }

  mutedPairs(userIds: number[]): Promise<ReminderMute[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.mutes.find({ where: { userId: In(userIds) } });
  }

  async mute(userId: number, planItemId: number): Promise<void> {
    await this.mutes.createQueryBuilder().insert().into(ReminderMute).values({ userId, planItemId }).orIgnore().execute();
  }
}
