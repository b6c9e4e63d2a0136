import { Injectable } from '@nestjs/common';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { ReminderRepository, TaskRepository } from '@luoshi/db';
import { addDays } from '@luoshi/reminder-policy';
import { verifyMuteToken } from '@luoshi/reminders';
import { shanghaiToday } from '@luoshi/tasks';
import { ApiError, notFound } from '../common/api-error';
import { muteConfirmPage, muteDonePage, type MuteState } from './mute-page.render';

export type MuteAction = 'mute' | 'snooze' | 'unmute';

/** Days a snooze from the e-mail link lasts. */
export const LINK_SNOOZE_DAYS = 7;

/** A day `days` after today in Asia/Shanghai, as YYYY-MM-DD. */
export function shanghaiDayAfter(days: number, now = new Date()): string {
  return addDays(shanghaiToday(now), days);
}

/** The e-mail's mute link: a page that asks (GET), and the change it asks for (POST), both by signed token. */
@Injectable()
export class MuteLinkService {
  constructor(
    private readonly reminders: ReminderRepository,
    private readonly tasks: TaskRepository,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async confirmPage(token: string): Promise<string> {
    const { userId, task } = await this.target(token);
    return muteConfirmPage(token, task.title, await this.state(userId, task.id));
  }

  async apply(token: string, action: MuteAction): Promise<string> {
    const { userId, task } = await this.target(token);
    if (action === 'unmute') await this.reminders.unmute(userId, task.id);
    else await this.reminders.mute(userId, task.id, action === 'snooze' ? shanghaiDayAfter(LINK_SNOOZE_DAYS) : null);
    return muteDonePage(task.title, await this.state(userId, task.id));
  }

  private async target(token: string): Promise<{ userId: number; task: { id: number; title: string } }> {
    const check = verifyMuteToken(token, this.config.auth.jwtSecret);
    if (!check.ok && check.reason === 'expired') {
      throw new ApiError(
        410,
        'LINK_EXPIRED',
        'This link has expired; change reminders in the dashboard',
        '该链接已过期，请在系统中修改提醒设置',
      );
    }
    if (!check.ok) throw new ApiError(400, 'BAD_TOKEN', 'This link is not valid', '该链接无效');
    const task = await this.tasks.findById(check.taskId);
    // The task was deleted (or never existed with a valid signature): nothing to mute.
    if (!task) throw notFound('Task');
    return { userId: check.userId, task };
  }

  private async state(userId: number, taskId: number): Promise<MuteState> {
    const mute = await this.reminders.muteOf(userId, taskId);
    if (!mute) return { kind: 'active' };
    return mute.mutedUntil === null ? { kind: 'muted' } : { kind: 'snoozed', until: mute.mutedUntil };
  }
}
