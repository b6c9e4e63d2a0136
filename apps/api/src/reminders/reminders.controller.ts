import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ReminderRepository, UserRepository, type Reminder } from '@luoshi/db';
import type { Actor } from '../auth/actor.types';
import { CurrentActor, Public } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { TaskQueryService } from '../tasks/task-query.service';
import { MuteLinkService, shanghaiDayAfter } from './mute-link.service';
import {
  MuteFormDto,
  MuteQueryDto,
  MuteTaskDto,
  PreferencesDto,
  ReminderDto,
  UpdatePreferencesDto,
} from './reminders.dto';

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
    private readonly reminders: ReminderRepository,
    private readonly users: UserRepository,
    private readonly tasks: TaskQueryService,
    private readonly muteLinks: MuteLinkService,
  ) {}

  @Get('tasks/:id/reminders')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Reminders of a task: sent, pending, failed (with the error), cancelled' })
  @ApiOkResponse({ type: [ReminderDto] })
  @ApiErrorResponses(401, 404)
  async forTask(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<ReminderDto[]> {
    const task = await this.tasks.visibleTask(actor, id);
    return (await this.reminders.forTask(task.id)).map(toReminderDto);
  }

  @Get('reminders/preferences')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'My reminder preferences (提醒设置)' })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiErrorResponses(401)
  async preferences(@CurrentActor() actor: Actor): Promise<PreferencesDto> {
    return this.users.reminderPreferences(actor.userId);
  }

  @Put('reminders/preferences')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One e-mail per reminder, a daily digest, or none' })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiErrorResponses(400, 401)
  async setPreferences(@CurrentActor() actor: Actor, @Body() body: UpdatePreferencesDto): Promise<PreferencesDto> {
    return this.users.setReminderPreferences(actor.userId, body);
  }

  @Public()
  @Get('reminders/mute')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({
    summary:
      'The "stop reminding me" link of every e-mail: a page that asks before changing anything (mail scanners open links)',
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A page with 停止提醒 / 暂停7天 / 恢复提醒 buttons' })
  @ApiErrorResponses(400, 404, 410)
  mutePage(@Query() query: MuteQueryDto): Promise<string> {
    return this.muteLinks.confirmPage(query.token);
  }

  @Public()
  @Post('reminders/mute')
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: "The mute page's buttons (form post with the signed token): mute, snooze 7 days or unmute" })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A confirmation page' })
  @ApiErrorResponses(400, 404, 410)
  muteByLink(@Body() body: MuteFormDto): Promise<string> {
    return this.muteLinks.apply(body.token, body.action);
  }

  @Post('tasks/:id/mute')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Stop reminders about this task for me, for good or for `days` (snooze)' })
  @ApiOkResponse({ description: '{muted: true, until: YYYY-MM-DD | null}' })
  @ApiErrorResponses(400, 401, 404)
  async muteTask(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: MuteTaskDto,
  ): Promise<{ muted: boolean; until: string | null }> {
    const task = await this.tasks.visibleTask(actor, id);
    const until = body.days === undefined ? null : shanghaiDayAfter(body.days);
    await this.reminders.mute(actor.userId, task.id, until);
    return { muted: true, until };
  }

  @Delete('tasks/:id/mute')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Remind me about this task again' })
  @ApiOkResponse({ description: '{muted: false}' })
  @ApiErrorResponses(401, 404)
  async unmuteTask(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<{ muted: boolean }> {
    const task = await this.tasks.visibleTask(actor, id);
    await this.reminders.unmute(actor.userId, task.id);
    return { muted: false };
  }
}
