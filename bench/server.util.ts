import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
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
    ...extra,
  };
}

export function migrate(sqlitePath: string): void {
  execFileSync(process.execPath, [join(ROOT, 'bin/luoshi.js'), 'migrate'], {
    env: benchEnv(sqlitePath),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
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

async function waitFor(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
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
