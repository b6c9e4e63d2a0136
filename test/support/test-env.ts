import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfig, type AppConfig } from '@luoshi/config';

/** Test-side settings; the apps themselves read the environment only through libs/config. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
/** Where keys and scratch databases start, so that runs of several people on one machine tell theirs apart. */
const TEST_REDIS_PREFIX = process.env.TEST_REDIS_PREFIX ?? 'luoshi';
const TEST_DATABASE_PREFIX = process.env.TEST_DATABASE_PREFIX ?? 'luoshi_test';

export type DatabaseTarget = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export function databaseTargets(): DatabaseTarget[] {
  return TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A unique key prefix per test run, so parallel runs sharing one Redis never collide. */
export function uniqueRedisPrefix(label = 'test'): string {
  return `${TEST_REDIS_PREFIX}-${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export interface TestDatabase {
  config: AppConfig;
  /** Removes the temp SQLite folder or drops the scratch PostgreSQL database. */
  drop(): Promise<void>;
}

/** A fresh, empty database of the given kind, and a configuration pointing at it. */
export async function createTestDatabase(
  target: DatabaseTarget,
  env: Record<string, string> = {},
): Promise<TestDatabase> {
  const base = { NODE_ENV: 'test', LOG_LEVEL: 'silent', REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix(), ...env };
  if (target === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'luoshi-test-'));
    return {
      config: loadConfig({ ...base, SQLITE_PATH: join(dir, 'luoshi.sqlite') }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `${TEST_DATABASE_PREFIX}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    config: loadConfig({ ...base, DATABASE_URL: url.toString() }),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
