import type { Command } from 'commander';
import type { AppConfig } from '@luoshi/config';
import { runMigrations } from '@luoshi/db';
import { withDataSource, type CliIo } from '../cli-context';

export async function migrate(config: AppConfig, io: CliIo): Promise<string[]> {
  const { applied } = await withDataSource(config, runMigrations, { requireMigrated: false });
  io.out(
    applied.length === 0
      ? `Schema is up to date (${config.database.type}); nothing to apply. 数据库结构已是最新。\n`
      : `Applied ${applied.length} migration(s) on ${config.database.type}: ${applied.join(', ')}\n`,
  );
  return applied;
}

export function registerMigrateCommand(program: Command, config: () => AppConfig, io: CliIo): void {
  program
    .command('migrate')
    .description('apply pending database migrations (safe to run again) / 执行数据库迁移')
    .action(async () => {
      await migrate(config(), io);
    });
}
