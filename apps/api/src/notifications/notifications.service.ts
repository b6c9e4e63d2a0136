import { Injectable } from '@nestjs/common';
import { NotificationRepository } from '@luoshi/db';
import type { Actor } from '../auth/actor.types';
import { notFound } from '../common/api-error';
import {
  toNotificationDto,
  type NotificationDto,
  type NotificationListQueryDto,
  type NotificationPageDto,
  type ReadAllDto,
  type UnreadCountDto,
} from './notifications.dto';

export const DEFAULT_NOTIFICATION_PAGE_SIZE = 20;

/** The caller's own notifications: nobody reads or marks anyone else's (another's id is a 404). */
@Injectable()
export class NotificationsService {
  constructor(private readonly notifications: NotificationRepository) {}

  async list(actor: Actor, query: NotificationListQueryDto): Promise<NotificationPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_NOTIFICATION_PAGE_SIZE;
    const { items, total } = await this.notifications.listFor(actor.userId, {
      unreadOnly: query.unread === true,
      page,
      pageSize,
    });
    const unread = await this.notifications.unreadCount(actor.userId);
    return { items: items.map(toNotificationDto), total, unread, page, pageSize };
  }

  async unreadCount(actor: Actor): Promise<UnreadCountDto> {
    return { unread: await this.notifications.unreadCount(actor.userId) };
  }

  async markRead(actor: Actor, id: number): Promise<NotificationDto> {
    const notification = await this.notifications.markRead(actor.userId, id);
    if (!notification) throw notFound('Notification');
    return toNotificationDto(notification);
  }

  async markAllRead(actor: Actor): Promise<ReadAllDto> {
    const marked = await this.notifications.markAllRead(actor.userId);
    return { marked, unread: await this.notifications.unreadCount(actor.userId) };
  }
}
