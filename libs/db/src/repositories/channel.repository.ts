import { In, type Repository } from 'typeorm';
import { ChannelDelivery, ChatChannel, type ChannelMode } from '../entities/chat-channel.entity';
import { PlanItem } from '../entities/plan-item.entity';
import { ReminderMute } from '../entities/reminder.entity';
import { isoDate, placeholders, queryBound, readNumberOrNull, readTimestamp, timestampParam } from './bound-sql.util';
import {
  ID_CHUNK,
  WAITING_TASK_COLUMNS,
  existingOwedKeys,
  insertOwedIfAbsent,
  staleOwedIds,
  updateOwedByIds,
  type WaitingOwedRow,
} from './owed-rows.util';
import type { DbHandle } from './db-handle.types';

export type NewChannelDelivery = Pick<
  ChannelDelivery,
  'dedupeKey' | 'channelId' | 'planItemId' | 'kind' | 'key' | 'occurrenceDue' | 'sendOn' | 'status'
>;

export interface NewChatChannel {
  platform: string;
  name: string;
  bureauId: number | null;
  userId: number | null;
  urlSealed: string;
  secretSealed: string | null;
  urlMasked: string;
  mode: ChannelMode;
  createdById: number | null;
}

/** What the sweep needs of a channel: who it serves and how. */
export interface PlanningChannel {
  id: number;
  bureauId: number | null;
  userId: number | null;
  mode: ChannelMode;
}

/** One owed post with what sending it needs (the sealed URL and secret; the quiet hours of a personal channel's owner). */
export interface ChannelDeliveryRow {
  id: number;
  status: string;
  kind: string;
  key: string;
  planItemId: number | null;
  sendOn: string;
  occurrenceDue: string | null;
  attempts: number;
  channel: {
    id: number;
    platform: string;
    name: string;
    mode: ChannelMode;
    bureauId: number | null;
    userId: number | null;
    urlSealed: string;
    secretSealed: string | null;
  };
  quietHours: { from: string; to: string } | null;
}

/** A delivery as the task page shows it. */
export interface TaskChannelDelivery {
  id: number;
  channelId: number;
  channelName: string;
  platform: string;
  kind: string;
  key: string;
  sendOn: string;
  status: string;
  attempts: number;
  error: string | null;
  sentAt: Date | null;
}

const INSERT_COLUMNS = [
  'dedupeKey',
  'channelId',
  'planItemId',
  'kind',
  'key',
  'occurrenceDue',
  'sendOn',
  'status',
] as const satisfies ReadonlyArray<keyof NewChannelDelivery>;

/** Chat channels and the posts owed to them (see ChatChannel, ChannelDelivery). */
export class ChannelRepository {
  private readonly channels: Repository<ChatChannel>;
  private readonly deliveries: Repository<ChannelDelivery>;

  constructor(db: DbHandle) {
    this.channels = db.getRepository(ChatChannel);
    this.deliveries = db.getRepository(ChannelDelivery);
  }

  /** Channels of these bureaus and of these people (admins pass null: all). */
  list(filter: { bureauIds: number[] | null; userIds: number[] | null }): Promise<ChatChannel[]> {
    if (filter.bureauIds === null && filter.userIds === null) return this.channels.find({ order: { id: 'ASC' } });
    const where = [
      ...(filter.bureauIds && filter.bureauIds.length > 0 ? [{ bureauId: In(filter.bureauIds) }] : []),
      ...(filter.userIds && filter.userIds.length > 0 ? [{ userId: In(filter.userIds) }] : []),
    ];
    return where.length === 0 ? Promise.resolve([]) : this.channels.find({ where, order: { id: 'ASC' } });
  }

  findById(id: number): Promise<ChatChannel | null> {
    return this.channels.findOneBy({ id });
  }

  /** The sealed URL and secret (never selected by ordinary reads). */
  async sealed(id: number): Promise<{ urlSealed: string; secretSealed: string | null } | null> {
    const row = await this.channels.findOne({
      select: { id: true, urlSealed: true, secretSealed: true },
      where: { id },
    });
    return row ? { urlSealed: row.urlSealed, secretSealed: row.secretSealed } : null;
  }

  /** Which of these channels have a signing secret. */
  async withSecret(ids: number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await queryBound(
      this.channels.manager,
      `SELECT "id" AS "id" FROM "chat_channel" WHERE "secretSealed" IS NOT NULL AND "id" IN (${placeholders(ids.length)})`,
      ids,
    );
    return new Set(rows.map((r) => Number(r.id)));
  }

  async create(channel: NewChatChannel): Promise<ChatChannel> {
    const saved = await this.channels.save(this.channels.create(channel));
    return this.channels.findOneByOrFail({ id: saved.id });
  }

  async update(
    id: number,
    change: Partial<Pick<ChatChannel, 'name' | 'mode' | 'urlSealed' | 'secretSealed' | 'urlMasked'>>,
  ): Promise<ChatChannel> {
    if (Object.keys(change).length > 0) await this.channels.update({ id }, change);
    return this.channels.findOneByOrFail({ id });
  }

  async remove(id: number): Promise<void> {
    await this.channels.delete({ id });
  }

  /** Channels that take reminders (not paused). */
  async forPlanning(): Promise<PlanningChannel[]> {
    const rows = await this.channels.find({
      select: { id: true, bureauId: true, userId: true, mode: true },
      where: { mode: In(['each', 'digest']) },
      order: { id: 'ASC' },
    });
    return rows.map(({ id, bureauId, userId, mode }) => ({ id, bureauId, userId, mode }));
  }

  /** Inserts the rows whose dedupe key is new (see insertOwedIfAbsent). */
  async createIfAbsent(rows: NewChannelDelivery[]): Promise<void> {
    await insertOwedIfAbsent(this.deliveries.manager, 'channel_delivery', INSERT_COLUMNS, rows);
  }

  /** Which of these dedupe keys are stored already. */
  existingKeys(keys: string[]): Promise<Set<string>> {
    return existingOwedKeys(this.deliveries, keys);
  }

  /** Pending posts due by `today` on channels that are not paused, with the owner of personal ones (for quiet hours). */
  async pendingDue(today: string): Promise<Array<{ id: number; userId: number | null }>> {
    const rows = await queryBound(
      this.deliveries.manager,
      `SELECT d."id" AS "id", c."userId" AS "userId" FROM "channel_delivery" d JOIN "chat_channel" c ON c."id" = d."channelId"
        WHERE d."status" = 'pending' AND d."sendOn" <= ? AND c."mode" <> 'off' ORDER BY d."id"`,
      [today],
    );
    return rows.map((r) => ({ id: Number(r.id), userId: readNumberOrNull(r.userId) }));
  }

  async forDelivery(id: number): Promise<ChannelDeliveryRow | null> {
    const [row] = await queryBound(
      this.deliveries.manager,
      `SELECT d."id" AS "id", d."status" AS "status", d."kind" AS "kind", d."key" AS "key", d."planItemId" AS "planItemId",
              d."sendOn" AS "sendOn", d."occurrenceDue" AS "occurrenceDue", d."attempts" AS "attempts",
              c."id" AS "channelId", c."platform" AS "platform", c."name" AS "name", c."mode" AS "mode", c."bureauId" AS "bureauId",
              c."userId" AS "userId", c."urlSealed" AS "urlSealed", c."secretSealed" AS "secretSealed",
              u."quietFrom" AS "quietFrom", u."quietTo" AS "quietTo"
         FROM "channel_delivery" d JOIN "chat_channel" c ON c."id" = d."channelId" LEFT JOIN "user" u ON u."id" = c."userId"
        WHERE d."id" = ?`,
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
      attempts: Number(row.attempts),
      channel: {
        id: Number(row.channelId),
        platform: String(row.platform),
        name: String(row.name),
        mode: row.mode as ChannelMode,
        bureauId: readNumberOrNull(row.bureauId),
        userId: readNumberOrNull(row.userId),
        urlSealed: String(row.urlSealed),
        secretSealed: (row.secretSealed as string | null) ?? null,
      },
      quietHours: row.quietFrom && row.quietTo ? { from: String(row.quietFrom), to: String(row.quietTo) } : null,
    };
  }

  /** The tasks folded into a channel's digest for a day, oldest first. */
  async folded(channelId: number, sendOn: string): Promise<Array<{ id: number; planItemId: number | null }>> {
    const rows = await queryBound(
      this.deliveries.manager,
      `SELECT "id" AS "id", "planItemId" AS "planItemId" FROM "channel_delivery" WHERE "channelId" = ? AND "sendOn" = ? AND "status" = 'folded' ORDER BY "id"`,
      [channelId, sendOn],
    );
    return rows.map((r) => ({ id: Number(r.id), planItemId: readNumberOrNull(r.planItemId) }));
  }

  /** Every post about a task, with its channel, newest last. */
  async forTask(planItemId: number): Promise<TaskChannelDelivery[]> {
    const rows = await queryBound(
      this.deliveries.manager,
      `SELECT d."id" AS "id", d."channelId" AS "channelId", c."name" AS "channelName", c."platform" AS "platform", d."kind" AS "kind",
              d."key" AS "key", d."sendOn" AS "sendOn", d."status" AS "status", d."attempts" AS "attempts", d."error" AS "error", d."sentAt" AS "sentAt"
         FROM "channel_delivery" d JOIN "chat_channel" c ON c."id" = d."channelId" WHERE d."planItemId" = ? ORDER BY d."id"`,
      [planItemId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      channelId: Number(r.channelId),
      channelName: String(r.channelName),
      platform: String(r.platform),
      kind: String(r.kind),
      key: String(r.key),
      sendOn: isoDate(r.sendOn),
      status: String(r.status),
      attempts: Number(r.attempts),
      error: (r.error as string | null) ?? null,
      sentAt: readTimestamp(r.sentAt),
    }));
  }

  /**
   * Posts waiting that no longer apply: the task was finished, dropped or superseded, its due date
   * moved, or the owner of a personal channel muted it; a digest left with nothing in it.
   */
  async cancelStale(): Promise<number> {
    const rows: WaitingOwedRow[] = await this.deliveries
      .createQueryBuilder('d')
      .innerJoin(ChatChannel, 'c', 'c.id = d.channelId')
      .leftJoin(PlanItem, 't', 't.id = d.planItemId')
      .leftJoin(ReminderMute, 'm', 'm.userId = c.userId AND m.planItemId = d.planItemId')
      .select([
        'd.id AS id',
        'd.channelId AS "digestOwner"',
        'd.planItemId AS "planItemId"',
        'd.kind AS kind',
        'd.status AS status',
        'd.sendOn AS "sendOn"',
        'd.occurrenceDue AS "occurrenceDue"',
        ...WAITING_TASK_COLUMNS,
      ])
      .where('d.status IN (:...waiting)', { waiting: ['pending', 'folded'] })
      .getRawMany();
    const ids = staleOwedIds(rows);
    await this.updateByIds(ids, `"status" = 'cancelled'`);
    return ids.length;
  }

  async cancel(id: number): Promise<void> {
    await this.updateByIds([id], `"status" = 'cancelled'`);
  }

  /** Marks a post sent, with the digest's folded rows; only while it is still pending (a late duplicate changes nothing). */
  async markSent(id: number, attempts: number, folded: number[] = []): Promise<void> {
    const now = timestampParam(this.deliveries.manager, new Date());
    await this.deliveries.manager.transaction(async (tx) => {
      await queryBound(
        tx,
        `UPDATE "channel_delivery" SET "status" = 'sent', "sentAt" = ?, "attempts" = ?, "error" = NULL, "updatedAt" = CURRENT_TIMESTAMP WHERE "id" = ?`,
        [now, attempts, id],
      );
      for (let i = 0; i < folded.length; i += ID_CHUNK) {
        const chunk = folded.slice(i, i + ID_CHUNK);
        await queryBound(
          tx,
          `UPDATE "channel_delivery" SET "status" = 'sent', "sentAt" = ?, "updatedAt" = CURRENT_TIMESTAMP WHERE "id" IN (${placeholders(chunk.length)})`,
          [now, ...chunk],
        );
      }
    });
  }

  async recordAttempt(id: number, attempts: number, error: string, final: boolean): Promise<void> {
    await this.updateByIds([id], `"attempts" = ?, "error" = ?${final ? `, "status" = 'failed'` : ''}`, [
      attempts,
      error,
    ]);
  }

  private updateByIds(ids: number[], assignments: string, params: unknown[] = []): Promise<void> {
    return updateOwedByIds(this.deliveries.manager, 'channel_delivery', ids, assignments, params);
  }
}
