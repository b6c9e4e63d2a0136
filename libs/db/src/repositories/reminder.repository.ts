import type { TargetBound } from '@luoshi/text';
import { In, type Repository } from 'typeorm';
import { OPEN_STATUSES } from '@luoshi/tasks';
import { PlanItem } from '../entities/plan-item.entity';
import { Reminder, ReminderMute } from '../entities/reminder.entity';
import {
  isoDate,
  placeholders,
  queryAnyOf,
  queryBound,
  readJson,
  readNumberOrNull,
  timestampParam,
} from './bound-sql.util';
import type { DbHandle } from './db-handle.types';
import { postgresPool, queryRowArrays } from './pg-rows.util';
import {
  WAITING_TASK_COLUMNS,
  existingOwedKeys,
  insertOwedIfAbsent,
  staleOwedIds,
  updateOwedByIds,
  type WaitingOwedRow,
} from './owed-rows.util';

export type NewReminder = Pick<
  Reminder,
  'dedupeKey' | 'planItemId' | 'userId' | 'kind' | 'key' | 'occurrenceDue' | 'sendOn' | 'status'
>;

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

const INSERT_COLUMNS = [
  'dedupeKey',
  'planItemId',
  'userId',
  'kind',
  'key',
  'occurrenceDue',
  'sendOn',
  'status',
] as const satisfies ReadonlyArray<keyof NewReminder>;

/** A reminder with its recipient, as the e-mail worker reads it for each message. */
export interface DeliveryRow {
  id: number;
  status: string;
  kind: string;
  key: string;
  planItemId: number | null;
  sendOn: string;
  occurrenceDue: string | null;
  userId: number;
  /** Null when the recipient's account is gone. */
  email: string | null;
  displayName: string;
  bureauId: number | null;
}

/** What a reminder e-mail says about a task. */
export interface TaskSummary {
  id: number;
  title: string;
  dueDate: string | null;
  bureau: string | null;
  targets: TargetBound[];
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
    const sql = `SELECT "id", "status", "dueDate", "recurrence", "planYear", "bureauId", "assigneeId" FROM "plan_item"
      WHERE "status" IN (${placeholders(OPEN_STATUSES.length)}) AND "dueDate" IS NOT NULL AND "supersededById" IS NULL
      ORDER BY "id"`;
    // A sweep reads every open task (100,000 in the benchmark): on PostgreSQL as row arrays with
    // dates left as text: about a third less time than objects with a Date per due date.
    const pool = postgresPool(this.items.manager);
    const rows: unknown[][] = pool
      ? (await queryRowArrays(pool, sql, [...OPEN_STATUSES])).rows
      : (await queryBound(this.items.manager, sql, [...OPEN_STATUSES])).map((r) => [
          r.id,
          r.status,
          r.dueDate,
          r.recurrence,
          r.planYear,
          r.bureauId,
          r.assigneeId,
        ]);
    return rows.map(([id, status, dueDate, recurrence, planYear, bureauId, assigneeId]) => ({
      id: Number(id),
      status: String(status),
      dueDate: isoDate(dueDate),
      recurrence: (recurrence as string | null) ?? null,
      planYear: readNumberOrNull(planYear),
      bureauId: Number(bureauId),
      assigneeId: readNumberOrNull(assigneeId),
    }));
  }

  /**
   * Inserts the rows whose dedupe key is new (see insertOwedIfAbsent); rows come in the sweep's
   * order. Returns the ids of those it wrote, by dedupe key.
   */
  createIfAbsent(rows: NewReminder[]): Promise<Map<string, number>> {
    return insertOwedIfAbsent(this.reminders.manager, 'reminder', INSERT_COLUMNS, rows);
  }

  /** Which of these dedupe keys are already stored. */
  existingKeys(keys: string[]): Promise<Set<string>> {
    return existingOwedKeys(this.reminders, keys);
  }

  /** The ids of the stored reminders with these dedupe keys, by key. */
  async idsByKey(keys: string[]): Promise<Map<string, number>> {
    const rows = await queryAnyOf<{ id: unknown; dedupeKey: string }>(
      this.reminders.manager,
      keys,
      'text',
      (match) => `SELECT "id", "dedupeKey" FROM "reminder" WHERE "dedupeKey" ${match}`,
    );
    return new Map(rows.map((row) => [row.dedupeKey, Number(row.id)]));
  }

  /** Pending reminders due to go out by `today`. */
  pendingDue(today: string): Promise<Reminder[]> {
    return this.reminders
      .createQueryBuilder('r')
      .where('r.status = :pending', { pending: 'pending' })
      .andWhere('r.sendOn <= :today', { today })
      .orderBy('r.id', 'ASC')
      .getMany();
  }

  findById(id: number): Promise<Reminder | null> {
    return this.reminders.findOneBy({ id });
  }

  forTask(planItemId: number): Promise<Reminder[]> {
    return this.reminders.find({ where: { planItemId }, order: { id: 'ASC' } });
  }

  /** Reminders folded into a person's digest for a day (ids and tasks, oldest first). */
  async folded(userId: number, sendOn: string): Promise<Array<{ id: number; planItemId: number | null }>> {
    const rows = await queryBound(
      this.reminders.manager,
      `SELECT "id" AS "id", "planItemId" AS "planItemId" FROM "reminder" WHERE "userId" = ? AND "sendOn" = ? AND "status" = 'folded' ORDER BY "id"`,
      [userId, sendOn],
    );
    return rows.map((r) => ({ id: Number(r.id), planItemId: readNumberOrNull(r.planItemId) }));
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
    const rows: WaitingOwedRow[] = await this.reminders
      .createQueryBuilder('r')
      .leftJoin(PlanItem, 't', 't.id = r.planItemId')
      .leftJoin(ReminderMute, 'm', 'm.userId = r.userId AND m.planItemId = r.planItemId')
      .select([
        'r.id AS id',
        'r.userId AS "digestOwner"',
        'r.planItemId AS "planItemId"',
        'r.kind AS kind',
        'r.status AS status',
        'r.sendOn AS "sendOn"',
        'r.occurrenceDue AS "occurrenceDue"',
        ...WAITING_TASK_COLUMNS,
      ])
      .where('r.status IN (:...waiting)', { waiting: ['pending', 'folded'] })
      .getRawMany();
    const ids = staleOwedIds(rows);
    await this.updateByIds(ids, `"status" = 'cancelled'`);
    return ids.length;
  }

  /** One reminder and its recipient, in one bound statement (see queryBound). */
  async forDelivery(id: number): Promise<DeliveryRow | null> {
    const [row] = await queryBound(
      this.reminders.manager,
      `SELECT r."id" AS "id", r."status" AS "status", r."kind" AS "kind", r."key" AS "key", r."planItemId" AS "planItemId", r."sendOn" AS "sendOn",
              r."occurrenceDue" AS "occurrenceDue", r."userId" AS "userId", u."email" AS "email", u."displayName" AS "displayName", u."bureauId" AS "bureauId"
         FROM "reminder" r LEFT JOIN "user" u ON u."id" = r."userId" WHERE r."id" = ?`,
      [id],
    );
    if (!row) return null;
    return {
      id: Number(row.id),
      status: String(row.status),
      kind: String(row.kind),
      key: String(row.key),
      planItemId: readNumberOrNull(row.planItemId),
      sendOn: isoDate(row.sendOn),
      occurrenceDue: row.occurrenceDue === null ? null : isoDate(row.occurrenceDue),
      userId: Number(row.userId),
      email: (row.email as string | null) ?? null,
      displayName: String(row.displayName ?? ''),
      bureauId: row.bureauId === null || row.bureauId === undefined ? null : Number(row.bureauId),
    };
  }

  /** Title, due date, bureau and targets of these tasks (any order; gone ones absent). */
  async taskSummaries(taskIds: number[]): Promise<TaskSummary[]> {
    const rows = await queryAnyOf(
      this.reminders.manager,
      taskIds,
      'integer',
      (match) =>
        `SELECT t."id" AS "id", t."title" AS "title", t."dueDate" AS "dueDate", t."targets" AS "targets", b."name" AS "bureau"
           FROM "plan_item" t LEFT JOIN "bureau" b ON b."id" = t."bureauId" WHERE t."id" ${match}`,
    );
    return rows.map((row) => ({
      id: Number(row.id),
      title: String(row.title),
      dueDate: row.dueDate === null ? null : isoDate(row.dueDate),
      bureau: (row.bureau as string | null) ?? null,
      targets: readJson<TaskSummary['targets']>(row.targets, []),
    }));
  }

  async cancel(id: number): Promise<void> {
    await this.updateByIds([id], `"status" = 'cancelled'`);
  }

  async markSent(id: number, messageId: string | null, attempts: number): Promise<void> {
    await this.updateByIds([id], `"status" = 'sent', "messageId" = ?, "sentAt" = ?, "attempts" = ?, "error" = NULL`, [
      messageId,
      timestampParam(this.reminders.manager, new Date()),
      attempts,
    ]);
  }

  async recordAttempt(id: number, attempts: number, error: string, final: boolean): Promise<void> {
    await this.updateByIds([id], `"attempts" = ?, "error" = ?${final ? `, "status" = 'failed'` : ''}`, [
      attempts,
      error,
    ]);
  }

  /** Marks the folded reminders of a digest as sent with it. */
  async markFoldedSent(ids: number[]): Promise<void> {
    await this.updateByIds(ids, `"status" = 'sent', "sentAt" = ?`, [
      timestampParam(this.reminders.manager, new Date()),
    ]);
  }

  private updateByIds(ids: number[], assignments: string, params: unknown[] = []): Promise<void> {
    return updateOwedByIds(this.reminders.manager, 'reminder', ids, assignments, params);
  }

  /** The mutes of these users in force on `today`: for good, or snoozed beyond today. */
  async mutedPairs(userIds: number[], today: string): Promise<ReminderMute[]> {
    if (userIds.length === 0) return [];
    return (await this.mutes.find({ where: { userId: In(userIds) } })).filter(
      (m) => m.mutedUntil === null || m.mutedUntil > today,
    );
  }

  /** Stops reminders about a task for a person: for good (`until` null) or until that day (a snooze). */
  async mute(userId: number, planItemId: number, until: string | null = null): Promise<void> {
    await this.mutes
      .createQueryBuilder()
      .insert()
      .into(ReminderMute)
      .values({ userId, planItemId, mutedUntil: until })
      .orUpdate(['mutedUntil'], ['userId', 'planItemId'])
      .execute();
  }

  /** Reminders about the task resume for the person. */
  async unmute(userId: number, planItemId: number): Promise<void> {
    await this.mutes.delete({ userId, planItemId });
  }

  /** The person's mute of a task, if any. */
  muteOf(userId: number, planItemId: number): Promise<ReminderMute | null> {
    return this.mutes.findOneBy({ userId, planItemId });
  }
}
