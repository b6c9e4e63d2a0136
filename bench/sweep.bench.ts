/**
 * Reminder sweep at scale: 100,000 open tasks in 300 bureaus with due dates spread ±200 days
 * around the sweep day. The built worker (two processes, as production runs it on two cores) gets
 * one sweep job; the sweep's own time is read from BullMQ's job timestamps (processedOn → finishedOn, which
 * includes queueing every e-mail job), then the e-mails it queued are delivered to a local SMTP
 * sink in this process and counted as they arrive. A second sweep an hour later measures the
 * steady state (everything already written, nothing new owed).
 *
 * Floors, measured in the same run: for the sweep, better-sqlite3 alone reading the same open
 * tasks and writing as many reminder rows in one transaction (no policy, no dedupe, no queue);
 * for e-mail, nodemailer alone sending as many ready-made messages over the same pooled SMTP
 * connections (no queue, no database, no templates).
 *
 * `-- --pg`: the same on PostgreSQL (a fresh database `luoshi_bench_sweep` on BENCH_DATABASE_URL's
 * server, default the local one); the sweep's floor is then `pg` reading the same open tasks and
 * inserting as many rows in multi-row INSERTs of 1,000, in one transaction.
 */
import Database from 'better-sqlite3';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { REMINDERS_QUEUE, SWEEP_JOB } from '@luoshi/queues';
import { record, ROOT } from './bench.util';
import { populate, populatePostgres } from './generate';
import { pingRedis } from '@luoshi/platform';
import { until } from '../test/support/until';
import { benchEnv, benchNodeFlags, clearPrefix, freshDatabase, freshPgDatabase, startSink } from './server.util';

const TASKS = 100_000;
const BUREAUS = 300;
/** A Wednesday, 10:00 in Asia/Shanghai: a working day inside sending hours. */
const SWEEP_DAY = '2026-06-10';
const SWEEP_AT = `${SWEEP_DAY}T02:00:00Z`;
const OPEN = ['planned', 'in_progress', 'blocked', 'submitted', 'returned'];
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The worker's pool (reminders.processor.ts): the floor sends over as many connections. */
const SMTP_CONNECTIONS = 2;
const EMAIL_TIMEOUT_MS = 10 * 60_000;
/**
 * Worker processes (BENCH_WORKERS, default 2: one per core, the way Node uses a machine; BullMQ
 * shares the jobs between them). One process alone is CPU-bound at roughly 250–300 e-mails/s here.
 */
const WORKERS = Math.max(1, Number(process.env.BENCH_WORKERS ?? 2));
const PG = process.argv.includes('--pg');

async function redisReachable(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await pingRedis(probe, 2000);
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Exited by itself or by a signal (a killed process has a signalCode and no exitCode). */
const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

interface SweepRun {
  ms: number;
  queued: number;
}

/**
 * One sweep job, waited for through its own QueueEvents listener, closed again at once: left
 * open, it would read every e-mail job's events in this process while the worker sends.
 */
async function runSweep(queue: Queue, prefix: string, at: string): Promise<SweepRun> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const events = new QueueEvents(REMINDERS_QUEUE, { connection, prefix });
  try {
    await events.waitUntilReady();
    const job = await queue.add(SWEEP_JOB, { at }, { removeOnComplete: false, removeOnFail: false });
    const result = (await job.waitUntilFinished(events, 120_000)) as { queued: number; locked?: boolean };
    if (result.locked) throw new Error('the sweep lock was held by another sweep');
    const done = await queue.getJob(job.id!);
    return { ms: done!.finishedOn! - done!.processedOn!, queued: result.queued };
  } finally {
    // Left open, the listener's connection keeps the benchmark from ever exiting.
    await events.close();
    connection.disconnect();
  }
}

/** Floor for the sweep: read the open tasks, write `rows` reminder rows in one transaction. */
function sweepFloor(file: string, rows: number): number {
  const db = new Database(file);
  db.exec(
    'CREATE TABLE floor_reminder (id INTEGER PRIMARY KEY, dedupeKey TEXT UNIQUE, planItemId INTEGER, userId INTEGER, kind TEXT, key TEXT, occurrenceDue TEXT, sendOn TEXT, status TEXT)',
  );
  const started = performance.now();
  const tasks = db
    .prepare(
      `SELECT id, status, dueDate, recurrence, planYear, bureauId, assigneeId FROM plan_item WHERE status IN (${OPEN.map(() => '?').join(',')}) AND dueDate IS NOT NULL AND supersededById IS NULL`,
    )
    .all(...OPEN) as Array<{ id: number; dueDate: string; assigneeId: number | null }>;
  const insert = db.prepare(
    'INSERT INTO floor_reminder (dedupeKey, planItemId, userId, kind, key, occurrenceDue, sendOn, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const t = tasks[i % tasks.length];
      insert.run(`floor:${i}`, t.id, t.assigneeId ?? 0, 'overdue', 'overdue', t.dueDate, SWEEP_DAY, 'pending');
    }
  })();
  const ms = performance.now() - started;
  db.exec('DROP TABLE floor_reminder');
  db.close();
  return ms;
}

/** The sweep's floor on PostgreSQL: the same read, `rows` rows inserted 1,000 a statement in one transaction. */
async function sweepFloorPg(url: string, rows: number): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      'CREATE TABLE floor_reminder (id SERIAL PRIMARY KEY, "dedupeKey" TEXT UNIQUE, "planItemId" INTEGER, "userId" INTEGER, kind TEXT, key TEXT, "occurrenceDue" DATE, "sendOn" DATE, status TEXT)',
    );
    const started = performance.now();
    const { rows: tasks } = await client.query<{ id: number; dueDate: string; assigneeId: number | null }>(
      `SELECT "id", "status", "dueDate", "recurrence", "planYear", "bureauId", "assigneeId" FROM "plan_item" WHERE "status" IN (${OPEN.map((_, i) => `$${i + 1}`).join(',')}) AND "dueDate" IS NOT NULL AND "supersededById" IS NULL`,
      OPEN,
    );
    await client.query('BEGIN');
    for (let from = 0; from < rows; from += 1000) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let i = from; i < Math.min(rows, from + 1000); i++) {
        const t = tasks[i % tasks.length];
        const n = values.length;
        tuples.push(`($${n + 1}, $${n + 2}, $${n + 3}, 'overdue', 'overdue', $${n + 4}, '${SWEEP_DAY}', 'pending')`);
        values.push(`floor:${i}`, t.id, t.assigneeId ?? 0, t.dueDate);
      }
      await client.query(
        `INSERT INTO floor_reminder ("dedupeKey", "planItemId", "userId", kind, key, "occurrenceDue", "sendOn", status) VALUES ${tuples.join(', ')}`,
        values,
      );
    }
    await client.query('COMMIT');
    const ms = performance.now() - started;
    await client.query('DROP TABLE floor_reminder');
    return ms;
  } finally {
    await client.end();
  }
}

/** Floor for e-mail: `count` ready-made messages of a reminder's size over the same pooled connections. */
async function emailFloor(port: number, arrivals: number[], count: number): Promise<number> {
  const transport = createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
  } as never);
  const text = '您好：任务“推进行政复议规范化建设”将于 2026-06-17 到期，还有 7 天。\n'.repeat(8);
  const html = `<p>${text.replace(/\n/g, '<br>')}</p>`;
  arrivals.length = 0;
  const started = performance.now();
  let next = 0;
  // Four senders at a time, as the worker's concurrency.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) {
        const i = next++;
        await transport.sendMail({
          from: 'luoshi@localhost',
          to: `user${i}@bench.local`,
          subject: `【落实】任务提醒 ${i}`,
          text,
          html,
          messageId: `<floor-${i}@luoshi>`,
        });
      }
    }),
  );
  transport.close();
  return count / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  if (!(await redisReachable())) {
    process.stderr.write(
      `sweep benchmark: Redis is not reachable at ${REDIS_URL} (the worker needs it). Start Redis or set REDIS_URL.\n`,
    );
    process.exit(2);
  }
  const load1 = loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
  process.stdout.write(`Redis at ${REDIS_URL} answers; generating the data\n`);
  const { file, remove } = freshDatabase('sweep');
  const pg = PG ? await freshPgDatabase('sweep') : null;
  const started = Date.now();
  const options = { bureaus: BUREAUS, tasks: TASKS, today: SWEEP_DAY, statuses: OPEN, passwordHash: 'scrypt$unused' };
  if (pg) await populatePostgres(pg.url, options);
  else await populate(file, options);
  process.stdout.write(`generated ${TASKS} open tasks in ${BUREAUS} bureaus in ${Date.now() - started} ms\n`);

  const sink = await startSink();
  const prefix = `luoshi-bench-sweep-${process.pid}`;
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(REMINDERS_QUEUE, { connection, prefix });
  const flags = benchNodeFlags();
  const workers = Array.from({ length: WORKERS }, () =>
    spawn(process.execPath, [...flags, join(ROOT, 'dist/apps/worker/apps/worker/src/main.js')], {
      env: benchEnv(file, {
        REDIS_URL,
        REDIS_PREFIX: prefix,
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        SWEEP_EVERY_MINUTES: '0',
        ...(pg ? { DATABASE_URL: pg.url } : {}),
      }),
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
  );
  let first: SweepRun;
  let steady: SweepRun;
  let rate: number;
  let delivered: number;
  let stored: { reminders: number; pending: number; folded: number };
  try {
    await until(
      async () => {
        const exited = workers.find(gone);
        if (exited) throw new Error(`a worker exited with ${exited.exitCode ?? exited.signalCode}`);
        return (await queue.getWorkers()).length >= WORKERS;
      },
      'the workers to connect',
      60_000,
    );
    first = await runSweep(queue, prefix, SWEEP_AT);
    process.stdout.write(`first sweep: ${first.ms} ms, ${first.queued} e-mail jobs queued\n`);
    stored = await storedReminders(file, pg?.url);
    const progress = setInterval(() => process.stdout.write(`${sink.arrivals.length} e-mails delivered\n`), 5000);
    await until(() => sink.arrivals.length >= first.queued, `${first.queued} e-mails`, EMAIL_TIMEOUT_MS).finally(() =>
      clearInterval(progress),
    );
    delivered = sink.arrivals.length;
    // From the first e-mail to the last: the delivery rate once the jobs are queued.
    rate = delivered / ((sink.arrivals[delivered - 1] - sink.arrivals[0]) / 1000);
    steady = await runSweep(queue, prefix, new Date(Date.parse(SWEEP_AT) + 3_600_000).toISOString());
  } finally {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (gone(worker)) return resolve();
            worker.once('exit', () => resolve());
            worker.kill('SIGTERM');
          }),
      ),
    );
    await queue.close();
    // Both queues and what else the workers kept under the prefix (the last sweep's day).
    await clearPrefix(connection, prefix);
    connection.disconnect();
  }
  const floorSweepMs = pg ? await sweepFloorPg(pg.url, stored.reminders) : sweepFloor(file, stored.reminders);
  await pg?.remove();
  const floorRate = await emailFloor(sink.port, sink.arrivals, delivered);
  await sink.close();

  record(
    pg ? 'sweep on PostgreSQL' : 'sweep',
    `${pg ? 'PostgreSQL (a fresh database on this machine); ' : ''}${TASKS.toLocaleString('en')} open tasks in ${BUREAUS} bureaus, due dates spread ±200 days around ${SWEEP_DAY}; ${WORKERS} built worker process${WORKERS > 1 ? 'es' : ''}; one sweeps at 10:00 Shanghai time (default offsets 30/7/1 days, weekly cap 10 singles per person, the rest in digests): ${stored.reminders.toLocaleString('en')} reminders written (${stored.folded.toLocaleString('en')} folded into digests), ${first.queued.toLocaleString('en')} e-mail jobs queued and ${delivered.toLocaleString('en')} delivered to a local SMTP sink over ${SMTP_CONNECTIONS} pooled connections; load average ${load1} (1 / 5 / 15 min) at the start`,
    [
      {
        metric: 'first sweep (everything owed is new)',
        ours: `${(first.ms / 1000).toFixed(2)} s`,
        floor: `${(floorSweepMs / 1000).toFixed(2)} s (${pg ? 'pg' : 'better-sqlite3'}: read the open tasks, insert as many rows)`,
        ratio: `${(first.ms / floorSweepMs).toFixed(1)}×`,
        goal: '≤ 5 s',
        pass: first.ms <= 5000,
      },
      {
        metric: 'steady sweep an hour later (nothing new)',
        ours: `${(steady.ms / 1000).toFixed(2)} s, ${steady.queued} queued`,
        floor: '—',
        ratio: '—',
        goal: '≤ 5 s, nothing queued twice',
        pass: steady.ms <= 5000 && steady.queued === 0,
      },
      {
        metric: 'e-mails delivered per second',
        ours: rate.toFixed(0),
        floor: `${floorRate.toFixed(0)} (nodemailer alone, ready-made messages)`,
        ratio: `${((rate / floorRate) * 100).toFixed(0)}% of the floor`,
        goal: '≥ 300/s',
        pass: rate >= 300 && delivered === first.queued,
      },
    ],
  );
  remove();
}

/** What the first sweep wrote: reminders, those owed or sent, those folded into digests. */
async function storedReminders(
  file: string,
  pgUrl: string | undefined,
): Promise<{ reminders: number; pending: number; folded: number }> {
  const sql = `SELECT COUNT(*) AS "reminders", SUM(CASE WHEN "status" IN ('pending', 'sent') THEN 1 ELSE 0 END) AS "pending", SUM(CASE WHEN "status" = 'folded' THEN 1 ELSE 0 END) AS "folded" FROM "reminder"`;
  let row: Record<string, unknown>;
  if (pgUrl) {
    const client = new Client({ connectionString: pgUrl });
    await client.connect();
    row = (await client.query(sql).finally(() => client.end())).rows[0] as Record<string, unknown>;
  } else {
    const db = new Database(file, { readonly: true });
    row = db.prepare(sql).get() as Record<string, unknown>;
    db.close();
  }
  return { reminders: Number(row.reminders), pending: Number(row.pending), folded: Number(row.folded) };
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
