import { Body, Controller, Get, Header, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import escapeHtml from 'escape-html';
import { DataSource } from 'typeorm';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { ReminderRepository, User, type Reminder } from '@luoshi/db';
import { verifyMuteToken } from '@luoshi/reminders';
import type { Actor } from '../auth/actor.types';
import { CurrentActor, Public } from '../auth/auth.decorators';
import { ApiError } from '../common/api-error';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { TaskQueryService } from '../tasks/task-query.service';
import { MuteQueryDto, PreferencesDto, ReminderDto, UpdatePreferencesDto } from './reminders.dto';

export const toReminderDto = (r: Reminder): ReminderDto => ({
  id: r.id,
  userId: r.userId,
  kind: r.kind,
  key: r.key,
  occurrenceDue: r.occurrenceDue,
  sendOn: r.sendOn,
  status: r.status,
  attempts: r.attempts,
  messageId: r.messageId,
  error: r.error,
  sentAt: r.sentAt ?? null,
});

@ApiTags('reminders')
@Controller()
export class RemindersController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TaskQueryService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get('tasks/:id/reminders')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Reminders of a task: sent, pending, failed (with the error), cancelled' })
  @ApiOkResponse({ type: [ReminderDto] })
  @ApiErrorResponses(401, 404)
  async forTask(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<ReminderDto[]> {
    const task = await this.tasks.visibleTask(actor, id);
    return (await new ReminderRepository(this.dataSource).forTask(task.id)).map(toReminderDto);
  }

  @Get('reminders/preferences')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'My reminder preferences (提醒设置)' })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiErrorResponses(401)
  async preferences(@CurrentActor() actor: Actor): Promise<PreferencesDto> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    return { reminderMode: user.reminderMode, remindersOptIn: user.remindersOptIn };
  }

  @Put('reminders/preferences')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One e-mail per reminder, a daily digest, or none' })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiErrorResponses(400, 401)
  async setPreferences(@CurrentActor() actor: Actor, @Body() body: UpdatePreferencesDto): Promise<PreferencesDto> {
    await this.dataSource.getRepository(User).update({ id: actor.userId }, body);
    return this.preferences(actor);
  }

  @Public()
  @Get('reminders/mute')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The "stop reminding me about this task" link of every e-mail (signed token, no login)' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A confirmation page' })
  @ApiErrorResponses(400)
  async mute(@Query() query: MuteQueryDto): Promise<string> {
    const target = verifyMuteToken(query.token, this.config.auth.jwtSecret);
    if (!target) throw new ApiError(400, 'BAD_TOKEN', 'This link is not valid', '该链接无效');
    await new ReminderRepository(this.dataSource).mute(target.userId, target.taskId);
    return `<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>已停止提醒</title><p>已停止该任务的提醒（任务 ${escapeHtml(String(target.taskId))}）。</p></html>`;
  }

  @Post('tasks/:id/mute')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Stop reminders about this task for me' })
  @ApiOkResponse({ description: '{muted: true}' })
  @ApiErrorResponses(401, 404)
  async muteTask(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<{ muted: boolean }> {
    const task = await this.tasks.visibleTask(actor, id);
    await new ReminderRepository(this.dataSource).mute(actor.userId, task.id);
    return { muted: true };
  }
}
