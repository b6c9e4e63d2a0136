import { IsNull, type Repository } from 'typeorm';
import { Notification } from '../entities/notification.entity';
import { insertRows } from './bound-sql.util';
import type { DbHandle } from './db-handle.types';

export type NewNotification = Pick<
  Notification,
  'userId' | 'kind' | 'taskId' | 'title' | 'body' | 'link' | 'dedupeKey'
>;

export interface NotificationPage {
  items: Notification[];
  total: number;
}

const INSERT_COLUMNS = [
  'userId',
  'kind',
  'taskId',
  'title',
  'body',
  'link',
  'dedupeKey',
] as const satisfies ReadonlyArray<keyof NewNotification>;

/** A person's in-app notifications (站内通知): written once per event, read and marked read by their owner only. */
export class NotificationRepository {
  private readonly notifications: Repository<Notification>;

  constructor(db: DbHandle) {
    this.notifications = db.getRepository(Notification);
  }

  /**
   * Stores the notifications whose (userId, dedupeKey) is new; one already stored is left exactly as
   * it is (read or not). INSERT … ON CONFLICT DO NOTHING through insertRows (multi-row VALUES on
   * SQLite, unnest on PostgreSQL); callers pass rows in a stable order (ids ascending) so two writers
   * racing take their locks in the same order.
   */
  async createIfAbsent(rows: NewNotification[]): Promise<void> {
    await insertRows(
      this.notifications.manager,
      'notification',
      INSERT_COLUMNS,
      rows as unknown as ReadonlyArray<Record<string, unknown>>,
      'ON CONFLICT ("userId", "dedupeKey") DO NOTHING',
    );
  }

  /** The person's notifications, newest first, a page at a time (page 1 first). */
  async listFor(
    userId: number,
    options: { unreadOnly?: boolean; page: number; pageSize: number },
  ): Promise<NotificationPage> {
    const where = options.unreadOnly ? { userId, readAt: IsNull() } : { userId };
    const [items, total] = await this.notifications.findAndCount({
      where,
      order: { id: 'DESC' },
      skip: (options.page - 1) * options.pageSize,
      take: options.pageSize,
    });
    return { items, total };
  }

  unreadCount(userId: number): Promise<number> {
    return this.notifications.countBy({ userId, readAt: IsNull() });
  }

  /**
   * Marks one of the person's notifications read (the first reading's time is kept) and returns it;
   * null when the id is not theirs or does not exist.
   */
  async markRead(userId: number, id: number): Promise<Notification | null> {
    await this.notifications.update({ id, userId, readAt: IsNull() }, { readAt: new Date() });
    return this.notifications.findOneBy({ id, userId });
  }

  /** Marks every unread notification of the person read; returns how many were unread. */
  async markAllRead(userId: number): Promise<number> {
    const result = await this.notifications.update({ userId, readAt: IsNull() }, { readAt: new Date() });
    return result.affected ?? 0;
  }

  /** Everything stored for one person, oldest first (tests and support). */
  allFor(userId: number): Promise<Notification[]> {
    return this.notifications.find({ where: { userId }, order: { id: 'ASC' } });
  }
}
