import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@luoshi/config';
import { createDataSource, PlanItem, Reminder, Report, User } from '@luoshi/db';
import { hashPassword } from '@luoshi/platform';
import { REMINDERS_QUEUE, SWEEP_JOB } from '@luoshi/queues';
import { bureauAt, reportText, rng } from '../../bench/generate';
import { ROOT } from '../support/fixtures';
import { HttpClient } from '../support/http-client';
import { reportRow, taskRow } from '../support/rows';
import { login, seedWorld, type World } from '../support/seed-users';
import { SmtpSink } from '../support/smtp-sink';
import { uniqueRedisPrefix } from '../support/test-env';
import { until } from '../support/until';
import { alive, exited } from '../support/processes';

/**
 * `npm run stack` (scripts/stack.js) as production would run it on several machines: PostgreSQL and
 * Redis, two API processes and two workers under the supervisor, behind its proxy. Under list and
 * upload load, with a batch of reminder e-mails going out, one API and one worker are SIGKILLed:
 * no client request fails, every upload is stored exactly once, every reminder is delivered once,
 * and the supervisor brings both processes back. Then SIGTERM stops everything with exit 0.
 */
jest.setTimeout(150_000);

const STACK = join(ROOT, 'scripts/stack.js');
/** The stack's PostgreSQL server; the suite makes a database of its own there and drops it after. */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// Monday 2025-06-23, 10:00 in Shanghai: a working day inside the sending hours.
const AT = '2025-06-23T02:00:00Z';
const REMINDERS = 200;

async function withAdmin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

describe('npm run stack: two APIs and two workers behind the proxy on PostgreSQL', () => {
  const dbName = `luoshi_stack_${process.pid}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = (() => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${dbName}`;
    return url.toString();
  })();
  const prefix = uniqueRedisPrefix('stack');
  // The brief's port range for the stack: the proxy and the two APIs right above it.
  const port = 47300 + Math.floor(Math.random() * 90);
  const logDir = mkdtempSync(join(tmpdir(), 'luoshi-stack-logs-'));
  const sink = new SmtpSink({ delayMs: 30 });
  let stack: ChildProcess;
  let output = '';
  let ds: DataSource;
  let world: World;
  let connection: Redis;
  let queue: Queue;

  /** The pid the supervisor last reported for a process ("api-1 started (pid 123)"). */
  const pidOf = (name: string): number => {
    const all = [...output.matchAll(new RegExp(`${name} started(?: again)? \\(pid (\\d+)\\)`, 'g'))];
    if (all.length === 0) throw new Error(`no pid for ${name} in:\n${output}`);
    return Number(all[all.length - 1][1]);
  };

  beforeAll(async () => {
    await withAdmin((c) => c.query(`CREATE DATABASE "${dbName}"`));
    const smtpUrl = await sink.start(0);
    stack = spawn(process.execPath, [STACK], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl,
        REDIS_URL,
        REDIS_PREFIX: prefix,
        SMTP_URL: smtpUrl,
        JWT_SECRET: 'stack-secret-stack-secret-stack-secret-0001',
        PUBLIC_URL: 'https://luoshi.test',
        SWEEP_EVERY_MINUTES: '0',
        // A killed worker's jobs are picked up again after about twice this (the default is 30 s).
        JOB_LOCK_SECONDS: '3',
        STACK_APIS: '2',
        STACK_WORKERS: '2',
        STACK_PORT: String(port),
        STACK_LOG_DIR: logDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stack.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    stack.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until(
      () => {
        if (stack.exitCode !== null)
          throw new Error(`the stack exited (${stack.exitCode}) instead of starting:\n${output}`);
        return output.includes('luoshi stack ready');
      },
      'the stack to be ready',
      90_000,
      100,
    );
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl });
    world = await seedWorld(config);
    ds = createDataSource(config.database);
    await ds.initialize();
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(REMINDERS_QUEUE, { connection, prefix });
  });

  afterAll(async () => {
    if (stack && stack.exitCode === null && stack.signalCode === null) {
      stack.kill('SIGTERM');
      await exited(stack);
    }
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    // The workers keep other keys under the prefix too (the linking queue, the last sweep): all go.
    if (connection) {
      for await (const keys of connection.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<string[]>)
        if (keys.length > 0) await connection.del(...keys);
    }
    connection?.disconnect();
    await ds?.destroy();
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
    await sink.stop();
    rmSync(logDir, { recursive: true, force: true });
  });

  /** Staff enough that no one passes the weekly reminder cap, and tasks due in 7 days (one reminder each). */
  async function remindableTasks(): Promise<number[]> {
    const passwordHash = await hashPassword('stack-password-1');
    const staff = await ds.getRepository(User).save(
      Array.from({ length: 60 }, (_, i) => ({
        email: `s${i}@stack.test`,
        displayName: `多进程${i}`,
        role: 'staff' as const,
        bureauId: world.bureaus.a,
        passwordHash,
      })),
    );
    const report = await ds.getRepository(Report).save(reportRow(world.bureaus.a, 'stack'));
    const saved = await ds
      .getRepository(PlanItem)
      .save(
        Array.from({ length: REMINDERS }, (_, i) =>
          taskRow(
            { reportId: report.id, bureauId: world.bureaus.a, title: `多进程测试事项${i}`, dueDate: '2025-06-30' },
            { path: `s-${i}`, body: '多进程测试', assigneeId: staff[i % staff.length].id },
          ),
        ),
      );
    return saved.map((t) => t.id!);
  }

  it('loses nothing while one API and one worker are SIGKILLed under load, and brings both back', async () => {
    const taskIds = await remindableTasks();
    const proxy = new HttpClient(`http://127.0.0.1:${port}`);
    const admin = await login(proxy, world.users.admin.email);
    const staffA = await login(proxy, world.users.staffA.email);

    const failures: string[] = [];
    let lists = 0;
    let listsAfterKill = 0;
    let killed = false;
    let stopLoad = false;
    // List load: four clients reading pages as fast as they are answered.
    const listing = Array.from({ length: 4 }, async (_, i) => {
      const client = i % 2 === 0 ? admin : staffA;
      while (!stopLoad) {
        const res = await client
          .get(`/api/tasks?pageSize=20&page=${1 + (lists % 5)}`)
          .catch((err: Error) => ({ status: 0, text: err.message }));
        if (res.status !== 200) failures.push(`GET /api/tasks → ${res.status} ${res.text.slice(0, 200)}`);
        lists++;
        if (killed) listsAfterKill++;
      }
    });
    // Write load: two clients uploading distinct reports (each makes a bureau, a report and its tasks).
    const uploads: Array<{ text: string; status: number; reportId?: number }> = [];
    let uploadsAfterKill = 0;
    const uploading = Array.from({ length: 2 }, async (_, c) => {
      for (let i = 0; !stopLoad; i++) {
        const n = c * 1000 + i;
        const text = reportText(rng(9000 + n), bureauAt(900_000 + n * 7), 2024, 8_000);
        const res = await admin.post('/api/reports', { text }).catch((err: Error) => ({
          status: 0,
          text: err.message,
          body: undefined,
        }));
        if (res.status !== 201 && res.status !== 200)
          failures.push(`POST /api/reports → ${res.status} ${res.text.slice(0, 200)}`);
        uploads.push({ text, status: res.status, reportId: (res.body as { report?: { id: number } })?.report?.id });
        if (killed) uploadsAfterKill++;
      }
    });

    await until(() => uploads.length >= 2 && lists >= 20, 'the load to be under way', 30_000, 50);
    await queue.add(SWEEP_JOB, { at: AT }, { removeOnComplete: true });
    await until(() => sink.messages.length >= 30, 'the reminder e-mails to be under way', 30_000, 20);
    const apiPid = pidOf('api-1');
    const workerPid = pidOf('worker-1');
    const mark = output.length;
    process.kill(apiPid, 'SIGKILL');
    process.kill(workerPid, 'SIGKILL');
    killed = true;
    const sentAtKill = sink.messages.length;
    expect(sentAtKill).toBeLessThan(REMINDERS);

    // The supervisor starts both again; the new API takes requests once healthy, the new worker beats.
    await until(
      () => {
        const since = output.slice(mark);
        return since.includes('api-1 is healthy, receiving requests') && /worker-1 is healthy \(heartbeat/.test(since);
      },
      'the killed API and worker to be back',
      60_000,
      100,
    );
    const lateLists = lists;
    await until(() => lists >= lateLists + 20 && uploadsAfterKill >= 2, 'load on the stack made whole again', 30_000);
    stopLoad = true;
    await Promise.all([...listing, ...uploading]);

    // No client saw a failure, and the kill landed amid requests (the proxy sent some to another API).
    expect(failures).toEqual([]);
    expect(listsAfterKill).toBeGreaterThan(20);
    expect(output.slice(mark)).toMatch(/failed on api-1 \(E[A-Z]+\); trying another/);

    // The supervisor replaced exactly the killed processes, with new pids.
    const since = output.slice(mark);
    expect(since).toContain(`api-1 (pid ${apiPid}) died (SIGKILL)`);
    expect(since).toContain(`worker-1 (pid ${workerPid}) died (SIGKILL)`);
    expect(pidOf('api-1')).not.toBe(apiPid);
    expect(pidOf('worker-1')).not.toBe(workerPid);
    expect(since).not.toMatch(/(api-2|worker-2) \(pid \d+\) died/);
    expect(alive(pidOf('api-1')) && alive(pidOf('worker-1'))).toBe(true);

    // Every upload stored exactly once: one report row per distinct text, each answer naming its own.
    const rows: Array<{ id: number }> = await ds.query(`SELECT id FROM report WHERE "contentHash" <> 'stack'`);
    expect(rows.length).toBe(uploads.length);
    expect(new Set(uploads.map((u) => u.reportId))).toEqual(new Set(rows.map((r) => Number(r.id))));

    // Every reminder sent, each Message-ID delivered; a message the sink accepted in the instant before
    // the kill, not yet marked sent, goes again with the same Message-ID (mail systems drop the copy).
    const reminders = async () =>
      (await ds.getRepository(Reminder).find()).filter((r) => r.planItemId !== null && taskIds.includes(r.planItemId));
    await until(
      async () => {
        const rs = await reminders();
        return rs.length === REMINDERS && rs.every((r) => r.status === 'sent');
      },
      'every reminder to be sent',
      60_000,
      200,
    );
    const ids = new Set((await reminders()).map((r) => `<reminder-${r.id}@luoshi>`));
    const received = sink.messages.filter((m) => ids.has(m.messageId));
    expect(new Set(received.map((m) => m.messageId)).size).toBe(REMINDERS);
    expect(received.length - REMINDERS).toBeLessThanOrEqual(4);
    const retried = [...output.slice(mark).matchAll(/(\w+ \S+) failed on api-1 \((\w+)\)/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    const byKind = Object.entries(
      retried.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r]: (acc[r] ?? 0) + 1 }), {}),
    ).map(([kind, n]) => `${n}× ${kind}`);
    process.stdout.write(
      `stack survived (proxy sent to another API: ${byKind.join(', ')}): api-1 and worker-1 SIGKILLed after ${sentAtKill}/${REMINDERS} e-mails → ${lists} list reads (${listsAfterKill} after the kill) and ${uploads.length} uploads (${uploadsAfterKill} after), 0 failed; ${uploads.length} reports stored once each; ${REMINDERS}/${REMINDERS} reminders delivered, ${received.length - REMINDERS} resent with the same Message-ID\n`,
    );
  });

  it('stops the proxy and every process on SIGTERM, with exit 0', async () => {
    const pids = ['api-1', 'api-2', 'worker-1', 'worker-2'].map(pidOf);
    expect(pids.every(alive)).toBe(true);
    stack.kill('SIGTERM');
    await expect(exited(stack)).resolves.toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  });
});

describe('npm run stack: refusing to start', () => {
  /** The stack's exit code and everything it printed, for an environment that cannot work. */
  async function run(env: Record<string, string>): Promise<{ code: number | string; output: string }> {
    const child = spawn(process.execPath, [STACK], {
      env: { ...process.env, DATABASE_URL: '', STACK_PORT: String(47300 + Math.floor(Math.random() * 90)), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return { code: await exited(child), output };
  }

  it('stops at once, saying so, without DATABASE_URL (several processes need PostgreSQL)', async () => {
    const { code, output } = await run({});
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL is required');
    expect(output).not.toContain('started (pid');
  });

  it('stops before any process starts when the migration fails', async () => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/luoshi_stack_missing_${randomBytes(4).toString('hex')}`;
    const { code, output } = await run({ DATABASE_URL: url.toString(), LOG_LEVEL: 'silent' });
    expect(code).toBe(1);
    expect(output).toContain('luoshi migrate failed');
    expect(output).not.toContain('started (pid');
  });

  it('refuses a process count that is not a small whole number', async () => {
    const { code, output } = await run({ STACK_APIS: '2.5' });
    expect(code).toBe(1);
    expect(output).toContain('STACK_APIS must be a whole number from 1 to 16, not "2.5"');
  });
});
