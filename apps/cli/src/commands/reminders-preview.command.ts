import Table from 'cli-table3';
import type { Command } from 'commander';
import type { AppConfig } from '@luoshi/config';
import { TaskRepository, UserRepository } from '@luoshi/db';
import { isWorkingDay } from '@luoshi/reminder-policy';
import { DEFAULT_SWEEP, planReminders } from '@luoshi/reminders';
import { withDataSource, type CliIo } from '../cli-context';
import { CliError, EXIT } from '../cli-error';

const KIND_ZH: Record<string, string> = {
  before: '到期前提醒',
  overdue: '逾期提醒',
  escalation: '督办',
  digest: '汇总',
};

/** Prints the reminders that would go out on `date`, without writing or sending anything. */
export async function previewReminders(config: AppConfig, date: string, io: CliIo): Promise<number> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
    throw new CliError('--date must be YYYY-MM-DD (日期格式不正确)', EXIT.USAGE);
  return withDataSource(config, async (ds) => {
    const settings = {
      ...DEFAULT_SWEEP,
      offsets: config.reminders.offsets,
      weeklyCap: config.reminders.weeklyCap,
      workingHours: config.reminders.workingHours,
    };
    const rows = await planReminders(ds, date, settings);
    const users = new Map(
      (await new UserRepository(ds).byIds([...new Set(rows.map((r) => r.userId))])).map((u) => [u.id, u]),
    );
    const taskIds = [...new Set(rows.map((r) => r.planItemId).filter((id): id is number => id !== null))];
    const tasks = new Map((await new TaskRepository(ds).byIds(taskIds)).map((t) => [t.id, t]));
    io.out(
      `${date}${isWorkingDay(date) ? '' : '（非工作日：当天不发送，以下为假定发送时的内容）'} 将发送 ${rows.filter((r) => r.status === 'pending').length} 封提醒邮件，另有 ${rows.filter((r) => r.status === 'folded').length} 项并入汇总邮件：\n`,
    );
    const table = new Table({ head: ['收件人', '类型', '事项', '完成时限', '方式'], style: { head: [], border: [] } });
    for (const r of rows) {
      const task = r.planItemId === null ? undefined : tasks.get(r.planItemId);
      table.push([
        users.get(r.userId)?.email ?? String(r.userId),
        `${KIND_ZH[r.kind] ?? r.kind} ${r.key}`,
        task?.title ?? '（汇总）',
        r.occurrenceDue ?? '',
        r.status === 'folded' ? '并入汇总' : '单独发送',
      ]);
    }
    io.out(`${table.toString()}\n`);
    return rows.length;
  });
}

export function registerRemindersCommands(program: Command, config: () => AppConfig, io: CliIo): void {
  const reminders = program.command('reminders').description('reminder e-mails / 提醒');
  reminders
    .command('preview')
    .description('print what would be sent on a day, without sending / 预览某日将发送的提醒')
    .requiredOption('--date <YYYY-MM-DD>', 'the day to preview (Asia/Shanghai)')
    .action(async (options: { date: string }) => {
      await previewReminders(config(), options.date, io);
    });
}
