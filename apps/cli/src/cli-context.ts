import type { DataSource } from 'typeorm';
import type { AppConfig } from '@luoshi/config';
import { createDataSource } from '@luoshi/db';

/** Opens the database for one command and always closes it, whatever the command does. */
export async function withDataSource<T>(config: AppConfig, run: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
  try {
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
