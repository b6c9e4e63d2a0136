import type { DataSource } from 'typeorm';
import type { AppConfig } from '@luoshi/config';
import { createDataSource, hasPendingMigrations } from '@luoshi/db';
import { CliError, EXIT } from './cli-error';

/**
 * Opens the database for one command and always closes it, whatever the command does. Unless the
 * command is `migrate` itself, a database whose schema is behind is refused with what to run
 * (instead of "no such table" from deep inside the command).
 */
export async function withDataSource<T>(
  config: AppConfig,
  run: (dataSource: DataSource) => Promise<T>,
  options: { requireMigrated?: boolean } = {},
): Promise<T> {
  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
  try {
    if ((options.requireMigrated ?? true) && (await hasPendingMigrations(dataSource)))
      throw new CliError(
        '数据库结构未更新，请先执行 luoshi migrate（the database schema is not up to date: run `luoshi migrate` first）',
        EXIT.CONFIG,
      );
    return await run(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Where a command writes; tests pass their own sinks. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  readStdin: () => Promise<string>;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};
