import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { Actor } from '../auth/actor.types';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import {
  NotificationDto,
  NotificationListQueryDto,
  NotificationPageDto,
  ReadAllDto,
  UnreadCountDto,
} from './notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'My notifications, newest first (站内通知)' })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiErrorResponses(400, 401)
  list(@CurrentActor() actor: Actor, @Query() query: NotificationListQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(actor, query);
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many of my notifications are unread (未读通知数)' })
  @ApiOkResponse({ type: UnreadCountDto })
  @ApiErrorResponses(401)
  unreadCount(@CurrentActor() actor: Actor): Promise<UnreadCountDto> {
    return this.notifications.unreadCount(actor);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all my notifications read (全部标为已读)' })
  @ApiOkResponse({ type: ReadAllDto })
  @ApiErrorResponses(401)
  markAllRead(@CurrentActor() actor: Actor): Promise<ReadAllDto> {
    return this.notifications.markAllRead(actor);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: "Mark one of my notifications read (another person's is 404)" })
  @ApiOkResponse({ type: NotificationDto })
  @ApiErrorResponses(400, 401, 404)
  markRead(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: number): Promise<NotificationDto> {
    return this.notifications.markRead(actor, id);
  }
}
