/**
 * The whole stack at once, as several machines' worth of processes on one: the built API as 2
 * processes (API_WORKERS=2) and 2 built worker processes on one database and one Redis, with task
 * list load (GET /api/tasks, the list benchmark's mix, 24 connections) and ingest load (POST
 * /api/reports, distinct generated reports, 4 connections, each upload queueing its linking job for
 * the workers) together for BENCH_SECONDS, and one reminder sweep over the 100,000 tasks fired as the
 * load starts (its e-mails go to a local SMTP sink while the load runs). First on PostgreSQL (a fresh
 * database `luoshi_bench_stack` on BENCH_DATABASE_URL's server, default the local one), then the
 * same workload on SQLite, whose figures stand in the floor column: the question this answers is
 * what moving to PostgreSQL costs or buys on one machine, and that nothing fails under mixed load.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { LINKING_QUEUE, REMINDERS_QUEUE, SWEEP_JOB } from '@luoshi/queues';
import { hashPassword } from '@luoshi/platform';
import { until } from '../test/support/until';
import { record, ROOT } from './bench.util';
import { bureauAt, populate, populatePostgres, reportText, rng, type PopulateResult } from './generate';
import {
  benchEnv,
  benchNodeFlags,
  cpuSeconds,
  freshDatabase,
  freshPgDatabase,
  loginToken,
  pgBackendCpu,
  pgCpuBetween,
  startApiProcess,
  clearPrefix,
  startSink,
  type Server,
} from './server.util';

const TASKS = 100_000;
const BUREAUS = 300;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const LIST_CONNECTIONS = 16;
/**
 * The list load is paced (BENCH_STACK_LIST_RATE requests/s in all, default 150): unpaced, 16
 * connections of lists take every core and uploads wait behind them, which says nothing the list
 * benchmark does not; paced, the figures are what uploads, the sweep and lists cost one another.
 */
const LIST_RATE = Number(process.env.BENCH_STACK_LIST_RATE ?? 150);
const INGEST_CONNECTIONS = 4;
const PASSWORD = 'bench-password-1';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A Wednesday, 10:00 in Asia/Shanghai, as the sweep benchmark: inside sending hours. */
const SWEEP_DAY = '2026-06-10';
const SWEEP_AT = `${SWEEP_DAY}T02:00:00Z`;
const STATUS_SETS = ['planned,in_progress', 'in_progress', 'submitted,returned'];

/** Exited by itself or by a signal. */
const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

function listPaths(world: PopulateResult, count: number): string[] {
  const r = rng(7);
  return Array.from({ length: count }, () => {
    const params = new URLSearchParams({
      bureauId: String(
        r() < 0.5
          ? world.cityIds[Math.floor(r() * world.cityIds.length)]
          : world.bureauIds[Math.floor(r() * world.bureauIds.length)],
      ),
      planYear: '2026',
      status: STATUS_SETS[Math.floor(r() * STATUS_SETS.length)],
      page: String(1 + Math.floor(r() * 3)),
      pageSize: '50',
    });
    if (r() < 0.25) params.set('overdue', 'true');
    return `/api/tasks?${params}`;
  });
}

/** Distinct reports, each naming a bureau of its own (as the ingest benchmark's), ~15 KB each. */
function reportBodies(count: number): string[] {
  const r = rng(15);
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({ text: reportText(r, bureauAt(BUREAUS + i), 2024, 5_000) }),
  );
}

interface StackRun {
  list: autocannon.Result;
  ingest: autocannon.Result;
  /** CPU ms per request (list + ingest) of every Node process (API cluster and workers), and of the PostgreSQL backends (null on SQLite). */
  nodeMs: number;
  dbMs: number | null;
  sweepMs: number;
  queued: number;
  delivered: number;
  linked: number;
}

async function runStack(target: 'postgres' | 'sqlite', port: number, bodies: string[]): Promise<StackRun> {
  const sqlite = freshDatabase(`stack-${target}`);
  const pg = target === 'postgres' ? await freshPgDatabase('stack') : null;
  const options = {
    bureaus: BUREAUS,
    tasks: TASKS,
    today: SWEEP_DAY,
    passwordHash: await hashPassword(PASSWORD),
  };
  const world = pg ? await populatePostgres(pg.url, options) : await populate(sqlite.file, options);
  const prefix = `luoshi-bench-stack-${process.pid}-${target}`;
  const sink = await startSink();
  const db: Record<string, string> = pg ? { DATABASE_URL: pg.url } : {};
  const shared = { REDIS_URL, REDIS_PREFIX: prefix, SMTP_URL: `smtp://127.0.0.1:${sink.port}`, ...db };
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const reminders = new Queue(REMINDERS_QUEUE, { connection, prefix });
  const linking = new Queue(LINKING_QUEUE, { connection, prefix });
  const workers = Array.from({ length: 2 }, () =>
    spawn(process.execPath, [...benchNodeFlags(), join(ROOT, 'dist/apps/worker/apps/worker/src/main.js')], {
      env: benchEnv(sqlite.file, shared),
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
  );
  let api: Server | undefined;
  try {
    api = await startApiProcess(sqlite.file, port, { ...shared, API_WORKERS: '2' });
    const url = api.url;
    await until(
      async () => {
        const exited = workers.find(gone);
        if (exited) throw new Error(`a worker exited with ${exited.exitCode ?? exited.signalCode}`);
        return (await reminders.getWorkers()).length >= 2;
      },
      'the workers to connect',
      60_000,
    );
    const token = await loginToken(url, world.admin.email, PASSWORD);
    const paths = listPaths(world, 5000);
    let listAt = 0;
    let bodyAt = 0;
    const listLoad = (seconds: number) =>
      autocannon({
        url,
        connections: LIST_CONNECTIONS,
        overallRate: LIST_RATE,
        duration: seconds,
        headers: { authorization: `Bearer ${token}` },
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[listAt++ % paths.length] }) }],
      });
    const ingestLoad = (seconds: number) =>
      autocannon({
        url: `${url}/api/reports`,
        connections: INGEST_CONNECTIONS,
        duration: seconds,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: bodies[bodyAt++ % bodies.length] }) }],
      });
    await Promise.all([listLoad(3), ingestLoad(3)]); // warm-up: JIT in every process, pools, caches

    const pids = [api.child.pid!, ...workers.map((w) => w.pid!)];
    const nodeCpu = () => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const dbBefore = pg ? await pgBackendCpu('luoshi_bench_stack') : null;
    const before = nodeCpu();
    const eventsConnection = connection.duplicate();
    const events = new QueueEvents(REMINDERS_QUEUE, { connection: eventsConnection, prefix });
    await events.waitUntilReady();
    const job = await reminders.add(SWEEP_JOB, { at: SWEEP_AT }, { removeOnComplete: false, removeOnFail: false });
    const [list, ingest, sweep] = await Promise.all([
      listLoad(SECONDS),
      ingestLoad(SECONDS),
      job.waitUntilFinished(events, 180_000) as Promise<{ queued: number }>,
    ]);
    const used = nodeCpu() - before;
    const dbSeconds = pg ? pgCpuBetween(dbBefore, await pgBackendCpu('luoshi_bench_stack')) : null;
    await events.close();
    eventsConnection.disconnect();
    const done = await reminders.getJob(job.id!);
    const requests = list.requests.total + ingest.requests.total;
    return {
      list,
      ingest,
      nodeMs: (used * 1000) / requests,
      dbMs: dbSeconds === null ? null : (dbSeconds * 1000) / requests,
      sweepMs: done!.finishedOn! - done!.processedOn!,
      queued: sweep.queued,
      delivered: sink.arrivals.length,
      linked: (await linking.getJobCounts('completed')).completed,
    };
  } finally {
    await api?.stop();
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
    await reminders.close();
    await linking.close();
    await clearPrefix(connection, prefix);
    connection.disconnect();
    await sink.close();
    await pg?.remove();
    sqlite.remove();
  }
}

async function main(): Promise<void> {
  const probe = new Redis(REDIS_URL, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch {
    process.stderr.write(
      `stack benchmark: Redis is not reachable at ${REDIS_URL} (the workers need it). Start Redis or set REDIS_URL.\n`,
    );
    process.exit(2);
  } finally {
    probe.disconnect();
  }
  const load1 = loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
  const bodies = reportBodies(2000);
  const pg = await runStack('postgres', 47431, bodies);
  const sqlite = await runStack('sqlite', 47432, bodies);
  const errorsOf = (r: autocannon.Result) => r.non2xx + r.errors + r.timeouts;
  const errors = errorsOf(pg.list) + errorsOf(pg.ingest);
  const sqliteErrors = errorsOf(sqlite.list) + errorsOf(sqlite.ingest);
  const rate = (r: autocannon.Result) => r.requests.total / (r.duration || 1);
  const split = (run: StackRun) =>
    [run.list, run.ingest].map((r) => `${r.non2xx} / ${r.errors} / ${r.timeouts}`).join(' (list), ') + ' (uploads)';
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  record(
    'stack on PostgreSQL',
    `${TASKS.toLocaleString('en')} tasks in ${BUREAUS} bureaus; the built API as 2 processes (API_WORKERS=2) and 2 built worker processes on one database and one Redis; for ${SECONDS} s after a 3 s warm-up, GET /api/tasks (the list mix, ${LIST_CONNECTIONS} connections paced at ${LIST_RATE} requests/s in all) and POST /api/reports (distinct ~15 KB reports each naming a new bureau, ${INGEST_CONNECTIONS} connections, each queueing a linking job) together, and one reminder sweep over the tasks fired as the load starts (e-mails to a local SMTP sink meanwhile); PostgreSQL (a fresh database on this machine) in the ours column, the same workload on SQLite in the floor column; ${errors} errors/non-2xx on PostgreSQL, ${sqliteErrors} on SQLite; load average ${load1} (1 / 5 / 15 min) at the start`,
    [
      {
        metric: 'errors and non-2xx answers (list + ingest): non-2xx / errors / timeouts',
        ours: `${errors}: ${split(pg)}`,
        floor: `${sqliteErrors}: ${split(sqlite)} (SQLite)`,
        ratio: '—',
        goal: '0',
        pass: errors === 0,
      },
      {
        metric: 'task list requests/s under mixed load',
        ours: rate(pg.list).toFixed(0),
        floor: `${rate(sqlite.list).toFixed(0)} (SQLite)`,
        ratio: ratio(rate(pg.list), rate(sqlite.list)),
        goal: '—',
        pass: null,
      },
      {
        metric: 'task list latency p99 under mixed load',
        ours: `${pg.list.latency.p99} ms`,
        floor: `${sqlite.list.latency.p99} ms (SQLite)`,
        ratio: ratio(pg.list.latency.p99, Math.max(1, sqlite.list.latency.p99)),
        goal: '—',
        pass: null,
      },
      {
        metric: 'reports stored per second under mixed load',
        ours: rate(pg.ingest).toFixed(1),
        floor: `${rate(sqlite.ingest).toFixed(1)} (SQLite)`,
        ratio: ratio(rate(pg.ingest), rate(sqlite.ingest)),
        goal: '—',
        pass: null,
      },
      {
        metric: 'upload latency p99 under mixed load',
        ours: `${pg.ingest.latency.p99} ms`,
        floor: `${sqlite.ingest.latency.p99} ms (SQLite)`,
        ratio: ratio(pg.ingest.latency.p99, Math.max(1, sqlite.ingest.latency.p99)),
        goal: '—',
        pass: null,
      },
      {
        metric: 'linking jobs the workers finished by the end of the load',
        ours: String(pg.linked),
        floor: `${sqlite.linked} (SQLite)`,
        ratio: '—',
        goal: '—',
        pass: null,
      },
      {
        metric: 'first sweep of 100,000 tasks under this load',
        ours: `${(pg.sweepMs / 1000).toFixed(2)} s, ${pg.queued.toLocaleString('en')} e-mails queued, ${pg.delivered.toLocaleString('en')} delivered by the end of the load`,
        floor: `${(sqlite.sweepMs / 1000).toFixed(2)} s, ${sqlite.queued.toLocaleString('en')} queued, ${sqlite.delivered.toLocaleString('en')} delivered (SQLite)`,
        ratio: ratio(pg.sweepMs, sqlite.sweepMs),
        goal: '—',
        pass: null,
      },
      {
        metric:
          'CPU per request (list + upload) of every Node process (API cluster + workers; the sweep, linking and e-mails included)',
        ours: ms(pg.nodeMs),
        floor: `${ms(sqlite.nodeMs)} (SQLite)`,
        ratio: ratio(pg.nodeMs, sqlite.nodeMs),
        goal: '—',
        pass: null,
      },
      {
        metric: 'CPU per request (list + upload) of the PostgreSQL backends serving the database',
        ours: pg.dbMs === null ? 'not readable' : ms(pg.dbMs),
        floor: '— (SQLite runs inside the Node processes)',
        ratio: '—',
        goal: '—',
        pass: null,
      },
    ],
  );
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
