import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { LINKING_QUEUE, REMINDERS_QUEUE } from '@luoshi/queues';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { ROOT } from './bench.util';

/** Environment for a luoshi process of a benchmark: its own SQLite file, quiet logs, its own Redis prefix. */
export function benchEnv(sqlitePath: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SQLITE_PATH: sqlitePath,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0001',
    LOGIN_RATE_LIMIT: '10000',
    LOGIN_ACCOUNT_RATE_LIMIT: '10000',
    REDIS_PREFIX: `luoshi-bench-${process.pid}`,
    SWEEP_EVERY_MINUTES: '0',
    // As the Dockerfile and `npm run demo` start luoshi (README, Configuration).
    MALLOC_ARENA_MAX: '2',
    // SQLite unless the benchmark names a PostgreSQL database (a DATABASE_URL of the shell stays out).
    DATABASE_URL: '',
    ...extra,
  };
}

/** Runs `luoshi migrate` on a SQLite file, or on PostgreSQL when `extra` names a DATABASE_URL. */
export function migrate(sqlitePath: string, extra: Record<string, string> = {}): void {
  execFileSync(process.execPath, [join(ROOT, 'bin/luoshi.js'), 'migrate'], {
    env: benchEnv(sqlitePath, extra),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * The PostgreSQL server the PG modes use: BENCH_DATABASE_URL names a database the benchmark may
 * connect to and create others from (default: the local server as the tests use it). Each
 * benchmark makes its own database `luoshi_bench_<name>` on it.
 */
export const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** `url` with its database replaced. */
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A new PostgreSQL database `luoshi_bench_<name>` migrated by `luoshi migrate` (an older one of
 * that name is dropped first); `remove()` drops it unless BENCH_KEEP is set.
 */
export async function freshPgDatabase(name: string): Promise<{ url: string; remove(): Promise<void> }> {
  const database = `luoshi_bench_${name}`;
  await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${database}"`);
  const url = withDatabase(PG_ADMIN_URL, database);
  migrate(join(ROOT, 'bench/.data/unused.sqlite'), { DATABASE_URL: url });
  return {
    url,
    remove: async () => {
      if (!process.env.BENCH_KEEP) await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    },
  };
}

/**
 * CPU seconds the PostgreSQL server processes serving `database` have used so far (their
 * backends, from pg_stat_activity and Linux /proc): the server side of a request, which the
 * client processes' figures leave out. Pass the previous reading to count only backends that were
 * also there then plus new ones from zero. Null when the server is not on this machine or its
 * processes cannot be read.
 */
export async function pgBackendCpu(database: string): Promise<Map<number, number> | null> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    const seconds = new Map<number, number>();
    for (const { pid } of rows) {
      if (!existsSync(`/proc/${pid}/stat`)) return null;
      seconds.set(pid, statSeconds(`/proc/${pid}/stat`));
    }
    return seconds;
  } finally {
    await client.end();
  }
}

/** CPU seconds the backends used between two readings of pgBackendCpu (a backend gone before `after` is lost). */
export function pgCpuBetween(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let sum = 0;
  for (const [pid, seconds] of after) sum += seconds - (before.get(pid) ?? 0);
  return sum;
}

/** A new migrated SQLite file in bench/.data/<name>; `remove()` deletes it unless BENCH_KEEP is set. */
export function freshDatabase(name: string): { dir: string; file: string; remove(): void } {
  const dir = join(ROOT, 'bench/.data', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'luoshi.sqlite');
  migrate(file);
  return {
    dir,
    file,
    remove: () => (process.env.BENCH_KEEP ? undefined : rmSync(dir, { recursive: true, force: true })),
  };
}

export interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Waits for a started process to answer; a process that does not is stopped, so no benchmark leaves one behind. */
async function waitFor(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopper(child)();
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
}

/** Node flags for the measured processes (luoshi's and the floors'): BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=bench/.data/prof" profiles them. */
export function benchNodeFlags(): string[] {
  return (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
}

/** The built API (dist) as its own process, as production runs it. */
export async function startApiProcess(
  sqlitePath: string,
  port: number,
  extra: Record<string, string> = {},
): Promise<Server> {
  const child = spawn(process.execPath, [...benchNodeFlags(), join(ROOT, 'dist/apps/api/apps/api/src/main.js')], {
    env: benchEnv(sqlitePath, { PORT: String(port), ...extra }),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/api/health`, child);
  return { url, child, stop: stopper(child) };
}

/** The benchmark's own bundle again, with a role chosen by the environment (floors run in their own process). */
export async function forkSelf(env: Record<string, string>, port: number, healthPath: string): Promise<Server> {
  const child = fork(process.argv[1], [], {
    env: { ...process.env, ...env, PORT: String(port) },
    execArgv: benchNodeFlags(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}${healthPath}`, child);
  return { url, child, stop: stopper(child) };
}

/** A process and its descendants (a cluster primary and its workers), from Linux /proc. */
export function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    /* process gone */
  }
  return [pid, ...children.flatMap(processTree)];
}

/**
 * Samples the resident memory (Linux /proc) of a process and its children together until stopped;
 * returns the peak of the sum in MB, so an API of several processes counts them all.
 */
export function rssSampler(pid: number, everyMs = 100): { stop(): number } {
  let peak = 0;
  const read = () => {
    let sum = 0;
    for (const p of processTree(pid)) {
      try {
        const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
        if (match) sum += Number(match[1]) / 1024;
      } catch {
        /* process gone */
      }
    }
    peak = Math.max(peak, sum);
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      read();
      return peak;
    },
  };
}

/**
 * CPU seconds (user + system, all threads) a process and its live children have used so far, from
 * Linux /proc; with the requests served in between, CPU time per request is steadier than
 * requests/s on a shared VM. (A child that exits in between takes its share with it.)
 */
export function cpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + statSeconds(`/proc/${p}/stat`), 0);
}

/** CPU seconds of one process's main thread (its event loop) alone. */
export function mainThreadCpuSeconds(pid: number): number {
  return statSeconds(`/proc/${pid}/task/${pid}/stat`);
}

/** user + system CPU seconds in a /proc stat file (0 once the process is gone). */
function statSeconds(file: string): number {
  try {
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ, which /proc/<pid>/stat counts in (getconf CLK_TCK). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export async function loginToken(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A local SMTP sink that accepts everything and notes when each message arrived. */
export async function startSink(): Promise<{ port: number; arrivals: number[]; close(): Promise<void> }> {
  const arrivals: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, _session, callback) => {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        arrivals.push(performance.now());
        callback();
      });
    },
  });
  server.on('error', () => undefined); // a worker stopping resets its pooled connections
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, arrivals, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Removes what the run left in Redis under its prefix (queues, throttling, pub/sub bookkeeping). */
export async function clearPrefix(connection: Redis, prefix: string): Promise<void> {
  for (const name of [REMINDERS_QUEUE, LINKING_QUEUE]) {
    const queue = new Queue(name, { connection, prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
  let cursor = '0';
  do {
    const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await connection.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
