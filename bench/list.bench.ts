/**
 * Task list under load: GET /api/tasks with filters over 100,000 tasks in 300 bureaus, 32 concurrent
 * connections (autocannon), against the built API as production runs it. Beside each run, the
 * floor: a bare Fastify handler running literally the same SQL (from libs/db: on SQLite the list
 * thread's read transaction — participations, taskPageSql's rows and count, the identity; on
 * PostgreSQL taskPageFoldedSql, the one statement ours makes) with none of our layers, in as many
 * processes.
 *
 * SQLite (the default): the API as one process reading lists on the event loop (LIST_THREADS=0)
 * against a one-process floor; as one process with its two list threads (the default deployment,
 * which the goals are about) against the one- and the two-process floor; and as one process per
 * core (API_WORKERS) against the two-process floor. The fair figure is CPU time per request (all
 * processes and threads), which a floor of another shape cannot flatter; the list threads stay only
 * if they buy throughput at no more CPU per request than LIST_THREADS=0.
 *
 * PostgreSQL (`-- --pg`; BENCH_DATABASE_URL names the server, default the local one): the same data
 * in a fresh database `luoshi_bench_list`, the API as 2 processes (API_WORKERS=2) against a floor of
 * Fastify + `pg` in 2 processes; CPU per request of the client processes and, separately, of the
 * PostgreSQL backends serving the database (Linux /proc).
 */
import cluster from 'node:cluster';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { Pool } from 'pg';
import { hashPassword } from '@luoshi/platform';
// The list's SQL module alone: the @luoshi/db index would load the entities, which esbuild cannot
// build decorator metadata for (this module imports no TypeORM at run time, as the list thread's).
import {
  FOLDED_IDENTITY_PREFIX,
  needsParticipantIds,
  participationsSql,
  taskPageFoldedSql,
  taskPageSql,
  withParticipantIds,
  type TaskFilter,
} from '../libs/db/src/repositories/task-list.sql';
import { identitySelect } from '../libs/db/src/repositories/identity.sql';
import { shanghaiToday, type TaskStatus } from '@luoshi/tasks';
import { inRounds, medianBy, pairedRatio, record, ROUNDS, spread, type BenchRow } from './bench.util';
import { populate, populatePostgres, rng, type PopulateResult } from './generate';
import {
  cpuSeconds,
  forkSelf,
  freshDatabase,
  freshPgDatabase,
  loginToken,
  pgBackendCpu,
  pgCpuBetween,
  rssSampler,
  startApiProcess,
  type Server,
} from './server.util';

const TASKS = 100_000;
const BUREAUS = 300;
const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PASSWORD = 'bench-password-1';
const CORES = cpus().length;
const PG = process.argv.includes('--pg');
const PG_DATABASE = 'luoshi_bench_list';
const STATUS_SETS = [
  'planned,in_progress',
  'in_progress',
  'submitted,returned',
  'planned,in_progress,blocked,submitted,returned',
];

/** The identity the auth guard reads on every request (UserRepository.identity): the same SQL text. */
const IDENTITY_SQL = `${identitySelect('')} WHERE "id" = ?`;

interface Scope {
  cities: Array<{ id: number; districts: number[] }>;
}

/** The request mix: a city (its districts) or one district, a status set, sometimes overdue only, pages 1–3. */
function paths(scope: Scope, count: number): string[] {
  const r = rng(7);
  return Array.from({ length: count }, () => {
    const city = scope.cities[Math.floor(r() * scope.cities.length)];
    const bureauId = r() < 0.5 ? city.id : city.districts[Math.floor(r() * city.districts.length)];
    const params = new URLSearchParams({
      bureauId: String(bureauId),
      planYear: '2026',
      status: STATUS_SETS[Math.floor(r() * STATUS_SETS.length)],
      page: String(1 + Math.floor(r() * 3)),
      pageSize: '50',
    });
    if (r() < 0.25) params.set('overdue', 'true');
    return `/api/tasks?${params}`;
  });
}

async function load(url: string, token: string, mix: string[], seconds = SECONDS): Promise<autocannon.Result> {
  let i = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: mix[i++ % mix.length] }) }],
  });
}

interface Measured {
  result: autocannon.Result;
  /** CPU milliseconds per request of the server's processes (all their threads), of the PostgreSQL backends serving it (null on SQLite or when unreadable), and of this process, the load generator. */
  serverMs: number;
  dbMs: number | null;
  loaderMs: number;
  /** Peak RSS of the server's processes together, MB. */
  rss: number;
}

async function measuredLoad(server: Server, token: string, mix: string[]): Promise<Measured> {
  const pid = server.child.pid!;
  await load(server.url, token, mix.slice(0, 1000), 3); // warm-up: JIT in every process, page caches, pools
  const dbBefore = PG ? await pgBackendCpu(PG_DATABASE) : null;
  const before = cpuSeconds(pid);
  const self = process.cpuUsage();
  const sampler = rssSampler(pid);
  const result = await load(server.url, token, mix);
  const rss = sampler.stop();
  const used = process.cpuUsage(self);
  const after = cpuSeconds(pid);
  const dbSeconds = PG ? pgCpuBetween(dbBefore, await pgBackendCpu(PG_DATABASE)) : null;
  const perRequest = (seconds: number) => (seconds * 1000) / result.requests.total;
  return {
    result,
    serverMs: perRequest(after - before),
    dbMs: dbSeconds === null ? null : perRequest(dbSeconds),
    loaderMs: (used.user + used.system) / 1000 / result.requests.total,
    rss,
  };
}

/**
 * The filter our API builds for a request of the mix (TaskQueryService.filterFor) from the bureau
 * tree in memory: participations read where the page is read, as ours does (there are none in this
 * data, but both read that there are none).
 */
function filterOf(query: Record<string, string>, children: Map<number, number[]>): TaskFilter {
  const bureauId = Number(query.bureauId);
  return {
    bureauIds: [bureauId, ...(children.get(bureauId) ?? [])],
    participationsInline: true,
    planYear: Number(query.planYear),
    statuses: query.status.split(',') as TaskStatus[],
    overdueAsOf: query.overdue === 'true' ? shanghaiToday() : undefined,
  };
}

function parseJsonColumns(rows: Array<Record<string, unknown>>): void {
  for (const row of rows)
    for (const column of ['coOwners', 'targets']) row[column] = row[column] ? JSON.parse(row[column] as string) : null;
}

const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/**
 * The floor on SQLite: Fastify + better-sqlite3 running in one read transaction what our list
 * thread runs (the bureaus' participations, taskPageSql's rows and count, the identity), prepared
 * once per text, rows as JSON; nothing else (no token check, no validation, no mapping, the bureau
 * tree read once at start).
 */
async function bareSqlite(): Promise<void> {
  const db = new Database(process.env.SQLITE_PATH!, { readonly: true });
  const children = childrenOf(db.prepare('SELECT id, parentId FROM bureau').all() as BureauRow[]);
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => statements.get(sql) ?? statements.set(sql, db.prepare(sql)).get(sql)!;
  const userId = Number(process.env.BENCH_USER_ID);
  const read = db.transaction((q: Record<string, string>, page: { page: number; pageSize: number }) => {
    let filter = filterOf(q, children);
    if (needsParticipantIds(filter)) {
      const participations = participationsSql(filter.bureauIds);
      const ids = (prepared(participations.sql).all(...participations.params) as Array<{ taskId: number }>).map(
        (r) => r.taskId,
      );
      filter = withParticipantIds(filter, ids);
    }
    const sql = taskPageSql(filter, page);
    const rows = prepared(sql.rows.sql).all(...sql.rows.params) as Array<Record<string, unknown>>;
    const total = (prepared(sql.count.sql).get(...sql.count.params) as { n: number }).n;
    return { rows, total, user: prepared(IDENTITY_SQL).get(userId) };
  });
  const app = Fastify();
  app.get('/health', async () => ({ ok: true }));
  app.get('/api/tasks', async (request, reply) => {
    const q = request.query as Record<string, string>;
    const page = { page: Number(q.page), pageSize: Number(q.pageSize) };
    const { rows, total, user } = read(q, page);
    if (!user) return reply.status(401).send();
    parseJsonColumns(rows);
    return { items: rows, total, page: page.page, pageSize: page.pageSize };
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
}

/**
 * The floor on PostgreSQL: Fastify + a `pg` pool of TypeORM's default size (10) running our one
 * statement (taskPageFoldedSql: the identity, the participations, the page and its total); rows as
 * JSON, nothing else.
 */
async function barePg(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const children = childrenOf(
    (await pool.query<BureauRow>('SELECT "id", "parentId" FROM "bureau"')).rows.map((b) => ({
      id: Number(b.id),
      parentId: b.parentId === null ? null : Number(b.parentId),
    })),
  );
  const userId = Number(process.env.BENCH_USER_ID);
  const app = Fastify();
  app.get('/health', async () => ({ ok: true }));
  app.get('/api/tasks', async (request, reply) => {
    const q = request.query as Record<string, string>;
    const page = { page: Number(q.page), pageSize: Number(q.pageSize) };
    const sql = taskPageFoldedSql(filterOf(q, children), page, userId);
    const { rows } = await pool.query<Record<string, unknown>>(numbered(sql.sql), sql.params);
    if (rows[0][`${FOLDED_IDENTITY_PREFIX}id`] === null) return reply.status(401).send();
    const items = rows.filter((row) => row.id !== null);
    parseJsonColumns(items);
    return { items, total: Number(rows[0].__total), page: page.page, pageSize: page.pageSize };
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
}

interface BureauRow {
  id: number;
  parentId: number | null;
}

function childrenOf(bureaus: BureauRow[]): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const b of bureaus)
    if (b.parentId !== null) children.set(b.parentId, [...(children.get(b.parentId) ?? []), b.id]);
  return children;
}

function scopeOf(world: PopulateResult, children: Map<number, number[]>): Scope {
  return { cities: world.cityIds.map((id) => ({ id, districts: children.get(id) ?? [] })) };
}

interface Pair {
  label: string;
  ours: Measured;
  floor: Measured;
  floorLabel: string;
}

/** The round whose CPU per request is the median one: its figures are reported together, from one run. */
const medianRound = (rounds: Measured[]) => medianBy(rounds, (m) => m.serverMs);

const reqs = (m: Measured) => m.result.requests.average;
const p99 = (m: Measured) => m.result.latency.p99;
const errorsOf = (m: Measured) => m.result.non2xx + m.result.errors + m.result.timeouts;
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const times = (x: number) => `${x.toFixed(2)}×`;
const ms = (x: number) => `${x.toFixed(2)} ms`;

async function runOurs(
  db: Record<string, string>,
  world: PopulateResult,
  port: number,
  mix: string[],
  extra: Record<string, string>,
): Promise<Measured> {
  const api = await startApiProcess(db.SQLITE_PATH ?? 'bench/.data/unused.sqlite', port, {
    REDIS_URL: 'redis://127.0.0.1:1',
    ...db,
    ...extra,
  });
  try {
    return await measuredLoad(api, await loginToken(api.url, world.admin.email, PASSWORD), mix);
  } finally {
    await api.stop();
  }
}

async function runFloor(
  db: Record<string, string>,
  world: PopulateResult,
  port: number,
  mix: string[],
  processes: number,
) {
  const bare = await forkSelf(
    { BENCH_ROLE: 'bare-list', ...db, BARE_WORKERS: String(processes), BENCH_USER_ID: String(world.admin.id) },
    port,
    '/health',
  );
  try {
    return await measuredLoad(bare, 'none', mix);
  } finally {
    await bare.stop();
  }
}

async function sqliteMode(load1: string): Promise<void> {
  const { file, remove } = freshDatabase('list');
  const started = Date.now();
  const world = await populate(file, { bureaus: BUREAUS, tasks: TASKS, passwordHash: await hashPassword(PASSWORD) });
  process.stdout.write(`generated ${TASKS} tasks in ${BUREAUS} bureaus in ${Date.now() - started} ms\n`);
  const db = new Database(file, { readonly: true });
  const mix = paths(
    scopeOf(world, childrenOf(db.prepare('SELECT id, parentId FROM bureau').all() as BureauRow[])),
    5000,
  );
  db.close();
  const env = { SQLITE_PATH: file, DATABASE_URL: '' };
  const runs = await inRounds([
    () => runFloor(env, world, 47401, mix, 1),
    () => runOurs(env, world, 47402, mix, { LIST_THREADS: '0', API_WORKERS: '1' }),
    () => runOurs(env, world, 47403, mix, { LIST_THREADS: '2', API_WORKERS: '1' }),
    () => runOurs(env, world, 47404, mix, { API_WORKERS: String(CORES) }),
    () => runFloor(env, world, 47405, mix, CORES),
  ]);
  remove();
  const [floor1, noThreads, threads, clustered, floorN] = runs.map(medianRound);
  // The goal is the fair one: CPU per request against the floor's, each round against the floor run
  // in the same round, for the default deployment against both floors (whichever is cheaper per
  // request), so neither the floor's shape nor the VM's speed at the time flatters it.
  const cpuVsN = pairedRatio(runs[2], runs[4], (m) => m.serverMs);
  const cpuVs1 = pairedRatio(runs[2], runs[0], (m) => m.serverMs);

  const pairs: Pair[] = [
    {
      label: 'one API process, lists on its event loop (LIST_THREADS=0)',
      ours: noThreads,
      floor: floor1,
      floorLabel: 'one process',
    },
    {
      label: 'one API process with 2 list threads (the default)',
      ours: threads,
      floor: floorN,
      floorLabel: `${CORES} processes`,
    },
    {
      label: `${CORES} API processes (API_WORKERS=${CORES})`,
      ours: clustered,
      floor: floorN,
      floorLabel: `${CORES} processes`,
    },
  ];
  const all = [...runs[1], ...runs[2], ...runs[3]];
  const errors = all.reduce((n, m) => n + errorsOf(m), 0);
  const total = all.reduce((n, m) => n + m.result.requests.total, 0);
  const defaultCpu = Math.max(cpuVsN.median, cpuVs1.median);
  const rows: BenchRow[] = [
    ...pairs.map((p) => ({
      metric: `requests/s, ${p.label}`,
      ours: reqs(p.ours).toFixed(0),
      floor: `${reqs(p.floor).toFixed(0)} (bare Fastify + better-sqlite3, ${p.floorLabel})`,
      ratio: `${pct(reqs(p.ours) / reqs(p.floor))} of the floor`,
      ...(p.ours === threads
        ? { goal: '≥ 1,500 req/s, 0 errors', pass: reqs(threads) >= 1500 && errors === 0 }
        : { goal: '—', pass: null }),
    })),
    ...pairs.map((p) => ({
      metric: `latency p99, ${p.label}`,
      ours: `${p99(p.ours)} ms`,
      floor: `${p99(p.floor)} ms (${p.floorLabel})`,
      ratio: `${(p99(p.ours) / Math.max(1, p99(p.floor))).toFixed(1)}×`,
      ...(p.ours === threads ? { goal: '≤ 50 ms', pass: p99(threads) <= 50 } : { goal: '—', pass: null }),
    })),
    ...pairs.map((p) => ({
      metric: `server CPU per request (all processes and threads), ${p.label}`,
      ours: ms(p.ours.serverMs),
      floor: `${ms(p.floor.serverMs)} (${p.floorLabel})`,
      ratio:
        p.ours === threads
          ? `${times(cpuVsN.median)}${spread(cpuVsN)}; ${times(cpuVs1.median)} of the one-process floor`
          : times(p.ours.serverMs / p.floor.serverMs),
      ...(p.ours === threads ? { goal: '≤ 1.2× the floor', pass: defaultCpu <= 1.2 } : { goal: '—', pass: null }),
    })),
    {
      metric: 'list threads against none: requests/s and CPU per request (2 threads ÷ LIST_THREADS=0)',
      ours: `${reqs(threads).toFixed(0)} req/s, ${ms(threads.serverMs)}`,
      floor: `${reqs(noThreads).toFixed(0)} req/s, ${ms(noThreads.serverMs)} (ours, LIST_THREADS=0)`,
      ratio: `${pct(reqs(threads) / reqs(noThreads))} throughput, ${times(threads.serverMs / noThreads.serverMs)} CPU`,
      goal: 'more throughput at ≤ 1.0× CPU per request (else the threads go)',
      pass: reqs(threads) > reqs(noThreads) && threads.serverMs <= noThreads.serverMs,
    },
    ...pairs.map((p) => ({
      metric: `load generator CPU per request, ${p.label}`,
      ours: ms(p.ours.loaderMs),
      floor: ms(p.floor.loaderMs),
      ratio: times(p.ours.loaderMs / p.floor.loaderMs),
      goal: '—',
      pass: null,
    })),
    ...pairs.map((p) => ({
      metric: `API peak RSS under this load, ${p.label}`,
      ours: `${p.ours.rss.toFixed(0)} MB`,
      floor: `${p.floor.rss.toFixed(0)} MB`,
      ratio: '—',
      ...(p.ours === threads ? { goal: '≤ 250 MB', pass: threads.rss <= 250 } : { goal: '—', pass: null }),
    })),
  ];
  record(
    'list',
    `GET /api/tasks as an admin over ${TASKS.toLocaleString('en')} tasks in ${BUREAUS} bureaus (${world.cityIds.length} cities), SQLite, filters by city or district subtree, plan year, status set, overdue, pages 1–3; ${CONNECTIONS} connections for ${SECONDS} s after a 3 s warm-up, against the API as one process without list threads, one with 2 (the default) and ${CORES} processes, and the floor (what the list thread runs: the participations, taskPageSql's rows and count and the identity, in one read transaction) in one and in ${CORES} processes; ${ROUNDS} rounds of every run in turn, each figure from the round with the median CPU per request and the goal's CPU ratio the median of each round's own ratio; ${total} requests to ours, ${errors} errors/non-2xx; load average ${load1} (1 / 5 / 15 min) at the start`,
    rows,
  );
}

async function pgMode(load1: string): Promise<void> {
  const { url, remove } = await freshPgDatabase('list');
  const started = Date.now();
  const world = await populatePostgres(url, {
    bureaus: BUREAUS,
    tasks: TASKS,
    passwordHash: await hashPassword(PASSWORD),
  });
  process.stdout.write(`generated ${TASKS} tasks in ${BUREAUS} bureaus on PostgreSQL in ${Date.now() - started} ms\n`);
  const pool = new Pool({ connectionString: url, max: 1 });
  const bureaus = (await pool.query<BureauRow>('SELECT "id", "parentId" FROM "bureau"')).rows;
  await pool.end();
  const mix = paths(scopeOf(world, childrenOf(bureaus)), 5000);
  const env = { DATABASE_URL: url };
  const processes = 2;
  let runs: Measured[][];
  try {
    runs = await inRounds([
      () => runOurs(env, world, 47411, mix, { API_WORKERS: String(processes) }),
      () => runFloor(env, world, 47412, mix, processes),
    ]);
  } finally {
    await remove();
  }
  const [ours, floor] = runs.map(medianRound);
  const errors = runs[0].reduce((n, m) => n + errorsOf(m), 0);
  const total = runs[0].reduce((n, m) => n + m.result.requests.total, 0);
  const shares = pairedRatio(runs[0], runs[1], reqs);
  const p99s = pairedRatio(runs[0], runs[1], (m) => Math.max(1, p99(m)));
  const cpus = pairedRatio(runs[0], runs[1], (m) => m.serverMs);
  const share = shares.median;
  const p99Ratio = p99s.median;
  const cpuRatio = cpus.median;
  const db = (m: Measured) => (m.dbMs === null ? 'not readable' : ms(m.dbMs));
  record(
    'list on PostgreSQL',
    `GET /api/tasks as an admin over ${TASKS.toLocaleString('en')} tasks in ${BUREAUS} bureaus (${world.cityIds.length} cities) in a fresh PostgreSQL database (our migrations, ANALYZEd) on this machine, the same request mix as the SQLite list; ${CONNECTIONS} connections for ${SECONDS} s after a 3 s warm-up; the API as ${processes} processes (API_WORKERS=${processes}, TypeORM's pool of 10 each), the floor as ${processes} processes of Fastify + pg (pool of 10 each) running our one statement (the identity, participations, page and total: taskPageFoldedSql); ${ROUNDS} rounds of ours and the floor in turn, each column from the round with the median CPU per request, each ratio the median of the rounds' own ratios; ${total} requests to ours, ${errors} errors/non-2xx; load average ${load1} (1 / 5 / 15 min) at the start`,
    [
      {
        metric: 'requests/s',
        ours: reqs(ours).toFixed(0),
        floor: `${reqs(floor).toFixed(0)} (bare Fastify + pg, ${processes} processes)`,
        ratio: `${pct(share)} of the floor${ROUNDS > 1 ? ` (${pct(shares.min)}–${pct(shares.max)})` : ''}`,
        goal: '≥ 80% of the floor, 0 errors',
        pass: share >= 0.8 && errors === 0,
      },
      {
        metric: 'latency p99',
        ours: `${p99(ours)} ms`,
        floor: `${p99(floor)} ms`,
        ratio: `${p99Ratio.toFixed(1)}×${spread(p99s)}`,
        goal: '≤ 2× the floor',
        pass: p99Ratio <= 2,
      },
      {
        metric: 'latency p50',
        ours: `${ours.result.latency.p50} ms`,
        floor: `${floor.result.latency.p50} ms`,
        ratio: `${(ours.result.latency.p50 / Math.max(1, floor.result.latency.p50)).toFixed(1)}×`,
        goal: '—',
        pass: null,
      },
      {
        metric: `CPU per request of the Node processes (${processes} + cluster primary for ours)`,
        ours: ms(ours.serverMs),
        floor: ms(floor.serverMs),
        ratio: `${times(cpuRatio)}${spread(cpus)}`,
        goal: '≤ 1.3× the floor',
        pass: cpuRatio <= 1.3,
      },
      {
        metric: 'CPU per request of the PostgreSQL backends serving the database',
        ours: db(ours),
        floor: db(floor),
        ratio: ours.dbMs !== null && floor.dbMs !== null ? times(ours.dbMs / floor.dbMs) : '—',
        goal: '—',
        pass: null,
      },
      {
        metric: 'load generator CPU per request',
        ours: ms(ours.loaderMs),
        floor: ms(floor.loaderMs),
        ratio: times(ours.loaderMs / floor.loaderMs),
        goal: '—',
        pass: null,
      },
      {
        metric: 'peak RSS of the Node processes together',
        ours: `${ours.rss.toFixed(0)} MB`,
        floor: `${floor.rss.toFixed(0)} MB`,
        ratio: '—',
        goal: '—',
        pass: null,
      },
    ],
  );
}

if (process.env.BENCH_ROLE === 'bare-list') {
  // The floor in as many processes as the API's cluster: the same node:cluster port sharing.
  const workers = Number(process.env.BARE_WORKERS ?? 1);
  if (workers > 1 && cluster.isPrimary) for (let i = 0; i < workers; i++) cluster.fork();
  else void (process.env.DATABASE_URL ? barePg() : bareSqlite());
} else {
  const load1 = loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
  (PG ? pgMode(load1) : sqliteMode(load1)).catch((err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  });
}
