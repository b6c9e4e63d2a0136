import { buildProgram, runCliForExitCode } from '../../apps/cli/src/cli.program';
import type { CliIo } from '../../apps/cli/src/cli-context';
import { createDataSource } from '@luoshi/db';
import type { TestDatabase } from './test-env';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI's console as strings, with `stdin` as what it reads. */
export function captureIo(stdin = ''): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    readStdin: async () => stdin,
    stdout: () => out,
    stderr: () => err,
  };
}

/** Runs `luoshi <args>` in process against the test database and returns its exit code and output. */
export async function runCli(db: TestDatabase, args: string[], stdin = ''): Promise<CliRun> {
  const io = captureIo(stdin);
  const code = await runCliForExitCode(buildProgram(io, db.config), ['node', 'luoshi', ...args], io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/** Bureaus, reports and plan items in the test database. */
export async function cliRowCounts(db: TestDatabase): Promise<{ bureaus: number; reports: number; items: number }> {
  const dataSource = createDataSource(db.config.database);
  await dataSource.initialize();
  try {
    const one = async (table: string) => Number((await dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    return { bureaus: await one('bureau'), reports: await one('report'), items: await one('plan_item') };
  } finally {
    await dataSource.destroy();
  }
}
