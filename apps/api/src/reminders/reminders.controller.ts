import { Body, Controller, Delete, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ReminderRepository, UserRepository } from '@luoshi/db';
import type { Actor } from '../auth/actor.types';
import { CurrentActor, Public } from '../auth/auth.decorators';
import { ApiErrorResponses, ApiFileResponse } from '../common/api-docs.decorators';
import { ApiError } from '../common/api-error';
import { TaskQueryService } from '../tasks/task-query.service';
import { MuteLinkService, shanghaiDayAfter } from './mute-link.service';
import {
  MuteFormDto,
  MuteQueryDto,
  MuteStateDto,
  MuteTaskDto,
  PreferencesDto,
  toPreferencesDto,
  toReminderDto,
  UpdatePreferencesDto,
  ReminderPageDto,
} from './reminders.dto';
import { PageQueryDto, pageOf } from '../common/paging';

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
  @ApiOkResponse({ type: ReminderPageDto })
  @ApiErrorResponses(400, 401, 404)
  async forTask(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: PageQueryDto,
  ): Promise<ReminderPageDto> {
    const task = await this.tasks.visibleTask(actor, id);
    return pageOf((await this.reminders.forTask(task.id)).map(toReminderDto), query);
  }

  @Get('reminders/preferences')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'My reminder preferences (提醒设置)' })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiErrorResponses(401)
  async preferences(@CurrentActor() actor: Actor): Promise<PreferencesDto> {
    return toPreferencesDto(await this.users.reminderPreferences(actor.userId));
  }

  @Put('reminders/preferences')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One e-mail per reminder, a daily digest, or none; quiet hours (免打扰)' })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiErrorResponses(400, 401)
  async setPreferences(@CurrentActor() actor: Actor, @Body() body: UpdatePreferencesDto): Promise<PreferencesDto> {
    const { quietHours, ...rest } = body;
    if (quietHours && quietHours.from === quietHours.to)
      throw new ApiError(
        400,
        'VALIDATION',
        'quiet hours must not start and end at the same time',
        '免打扰的开始和结束时间不能相同',
      );
    const change = {
      ...rest,
      ...(quietHours === undefined ? {} : { quietFrom: quietHours?.from ?? null, quietTo: quietHours?.to ?? null }),
    };
    return toPreferencesDto(await this.users.setReminderPreferences(actor.userId, change));
  }

  @Public()
  @Get('reminders/mute')
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({
    summary:
      'The "stop reminding me" link of every e-mail: a page that asks before changing anything (mail scanners open links)',
  })
  @ApiFileResponse('text/html', 'A page with 停止提醒 / 暂停7天 / 恢复提醒 buttons')
  @ApiErrorResponses(400, 404, 410)
  mutePage(@Query() query: MuteQueryDto): Promise<string> {
    return this.muteLinks.confirmPage(query.token);
  }

  @Public()
  @Post('reminders/mute')
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: "The mute page's buttons (form post with the signed token): mute, snooze 7 days or unmute" })
  @ApiFileResponse('text/html', 'A confirmation page')
  @ApiErrorResponses(400, 404, 410)
  muteByLink(@Body() body: MuteFormDto): Promise<string> {
    return this.muteLinks.apply(body.token, body.action);
  }

  @Get('tasks/:id/mute')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Whether my reminders about this task are stopped or snoozed (我的提醒)' })
  @ApiOkResponse({ type: MuteStateDto })
  @ApiErrorResponses(400, 401, 404)
  async muteState(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: number): Promise<MuteStateDto> {
    const task = await this.tasks.visibleTask(actor, id);
    const mute = await this.reminders.muteOf(actor.userId, task.id);
    // As the sweep reads it: stopped for good, or snoozed while the last muted day is still ahead.
    if (mute && (mute.mutedUntil === null || mute.mutedUntil > shanghaiDayAfter(0)))
      return { muted: true, until: mute.mutedUntil };
    return { muted: false };
  }

  @Post('tasks/:id/mute')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Stop reminders about this task for me, for good or for `days` (snooze)' })
  @ApiOkResponse({ type: MuteStateDto })
  @ApiErrorResponses(400, 401, 404)
  async muteTask(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: MuteTaskDto,
  ): Promise<MuteStateDto> {
    const task = await this.tasks.visibleTask(actor, id);
    const until = body.days === undefined ? null : shanghaiDayAfter(body.days);
    await this.reminders.mute(actor.userId, task.id, until);
    return { muted: true, until };
  }

  @Delete('tasks/:id/mute')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Remind me about this task again' })
  @ApiOkResponse({ type: MuteStateDto })
  @ApiErrorResponses(400, 401, 404)
  async unmuteTask(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: number): Promise<MuteStateDto> {
    const task = await this.tasks.visibleTask(actor, id);
    await this.reminders.unmute(actor.userId, task.id);
    return { muted: false };
  }
}
