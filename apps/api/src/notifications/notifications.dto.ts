import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import type { Notification } from '@luoshi/db';
import { NOTIFICATION_KINDS } from '@luoshi/tasks';
import { IsOmittable, toBoolean } from '../common/validation.decorators';
import { PageOf, PageQueryDto } from '../common/paging';

export class NotificationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only unread notifications (未读)' })
  @IsOmittable()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty() id: number;
  @ApiProperty({
    enum: NOTIFICATION_KINDS,
    description:
      'due_soon 即将到期 · overdue 已逾期 · escalation 逾期督办 · approval_waiting 待审核（申请销号、延期申请） · returned 退回 · approved 已销号/延期已批准 · rejected 延期未批准',
  })
  kind: string;
  @ApiProperty({ nullable: true, type: Number }) taskId: number | null;
  @ApiProperty({ example: '待审核：申请销号' }) title: string;
  @ApiProperty({ example: 'staff 就「提升行政复议工作质效」申请销号，请审核。' }) body: string;
  @ApiProperty({ example: '/tasks/42', description: 'The dashboard page it leads to' }) link: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) readAt: Date | null;
  @ApiProperty() read: boolean;
}

export class NotificationPageDto extends PageOf(NotificationDto) {
  @ApiProperty({ description: 'Unread notifications of the caller, whatever the filter' }) unread: number;
}

export class UnreadCountDto {
  @ApiProperty({ example: 3 }) unread: number;
}

export class ReadAllDto {
  @ApiProperty({ description: 'How many were unread and are now read' }) marked: number;
  @ApiProperty({ example: 0 }) unread: number;
}

/** A stored notification as the API shows it. */
export const toNotificationDto = (n: Notification): NotificationDto => ({
  id: n.id,
  kind: n.kind,
  taskId: n.taskId,
  title: n.title,
  body: n.body,
  link: n.link,
  createdAt: n.createdAt,
  readAt: n.readAt ?? null,
  read: n.readAt !== null && n.readAt !== undefined,
});
