/**
 * Ingest under load: POST /api/reports with distinct ~15 KB generated reports (each names its own
 * bureau, so every upload parses, creates the bureau and stores report + items in one transaction),
 * 8 concurrent connections (autocannon), the built API in its own process on SQLite. Floor: a bare
 * Fastify + better-sqlite3 handler that receives the same bodies and stores the text in one
 * transaction, without parsing — what HTTP and a durable write cost on this machine.
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '@luoshi/platform';
import { inRounds, medianBy, pairedRatio, record, ROUNDS, spread } from './bench.util';
import { bureauAt, populate, reportText, rng } from './generate';
import { cpuSeconds, forkSelf, freshDatabase, loginToken, startApiProcess } from './server.util';

const REPORTS = Number(process.env.BENCH_REPORTS ?? 1500);
const CONNECTIONS = 8;
const PASSWORD = 'bench-password-1';
/** First of the three ports the run listens on (BENCH_PORT: beside another run on one machine). */
const PORT = Number(process.env.BENCH_PORT ?? 47421);

function bodies(): string[] {
  const r = rng(15);
  // ~5,000 characters ≈ 15 KB of UTF-8.
  return Array.from({ length: REPORTS + 200 }, (_, i) =>
    JSON.stringify({ text: reportText(r, bureauAt(i), 2024, 5_000) }),
  );
}

async function load(
  url: string,
  token: string,
  payloads: string[],
  offset: number,
  amount: number,
): Promise<autocannon.Result> {
  let i = offset;
  return autocannon({
    url: `${url}/api/reports`,
    connections: CONNECTIONS,
    amount,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: payloads[i++ % payloads.length] }) }],
  });
}

async function bareServer(): Promise<void> {
  const db = new Database(process.env.SQLITE_PATH!);
  db.pragma('journal_mode = WAL');
  db.exec(
    'CREATE TABLE IF NOT EXISTS bare_report (id INTEGER PRIMARY KEY, text TEXT NOT NULL, createdAt TEXT NOT NULL)',
  );
  const insert = db.prepare('INSERT INTO bare_report (text, createdAt) VALUES (?, ?)');
  const store = db.transaction((text: string) => Number(insert.run(text, new Date().toISOString()).lastInsertRowid));
  const app = Fastify({ bodyLimit: 10 * 1024 * 1024 });
  app.get('/health', async () => ({ ok: true }));
  app.post('/api/reports', async (request, reply) => {
    const id = store((request.body as { text: string }).text);
    return reply.status(201).send({ status: 'created', report: { id } });
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
}

interface Ingested {
  result: autocannon.Result;
  /** CPU milliseconds per report of the server's processes (all their threads). */
  cpuMs: number;
  reports: number;
  items: number;
}

/** Our API on a new database of its own (WAL_CHECKPOINT_THREAD as `extra` says), loaded with the reports. */
async function runOurs(
  name: string,
  port: number,
  payloads: string[],
  extra: Record<string, string>,
): Promise<Ingested> {
  const { file, remove } = freshDatabase(name);
  const world = await populate(file, { bureaus: 1, tasks: 0, passwordHash: await hashPassword(PASSWORD) });
  const api = await startApiProcess(file, port, { REDIS_URL: 'redis://127.0.0.1:1', ...extra });
  let result: autocannon.Result;
  let cpuMs: number;
  try {
    const token = await loginToken(api.url, world.admin.email, PASSWORD);
    await load(api.url, token, payloads, REPORTS, 100); // warm-up on reports not used below
    const before = cpuSeconds(api.child.pid!);
    result = await load(api.url, token, payloads.slice(0, REPORTS), 0, REPORTS);
    cpuMs = ((cpuSeconds(api.child.pid!) - before) * 1000) / result.requests.total;
  } finally {
    await api.stop();
  }
  const stored = new Database(file, { readonly: true });
  const reports = (stored.prepare('SELECT COUNT(*) AS n FROM report').get() as { n: number }).n;
  const items = (stored.prepare('SELECT COUNT(*) AS n FROM plan_item').get() as { n: number }).n;
  stored.close();
  remove();
  return { result, cpuMs, reports, items };
}

async function main(): Promise<void> {
  const load1 = loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
  const payloads = bodies();
  const kb = payloads.reduce((n, p) => n + Buffer.byteLength(p), 0) / payloads.length / 1024;
  // Ours, and the same without the WAL checkpoint thread (it stays only if it pays for itself
  // here), in rounds: each figure from the round with the median CPU per report, the thread's
  // ratios the medians of each round's own.
  const runs = await inRounds([
    () => runOurs('ingest', PORT, payloads, {}),
    () => runOurs('ingest-no-checkpoint-thread', PORT + 2, payloads, { WAL_CHECKPOINT_THREAD: 'off' }),
  ]);
  const [ours, plain] = runs.map((rounds) => medianBy(rounds, (m) => m.cpuMs));
  const { dir, remove } = freshDatabase('ingest-floor');
  const bare = await forkSelf(
    { BENCH_ROLE: 'bare-ingest', SQLITE_PATH: join(dir, 'bare.sqlite') },
    PORT + 1,
    '/health',
  );
  let floor: autocannon.Result;
  let floorCpuMs: number;
  try {
    await load(bare.url, 'none', payloads, REPORTS, 100);
    const before = cpuSeconds(bare.child.pid!);
    floor = await load(bare.url, 'none', payloads.slice(0, REPORTS), 0, REPORTS);
    floorCpuMs = ((cpuSeconds(bare.child.pid!) - before) * 1000) / floor.requests.total;
  } finally {
    await bare.stop();
  }
  remove();
  const errorsOf = (m: Ingested) => m.result.non2xx + m.result.errors + m.result.timeouts;
  const errors = runs.flat().reduce((n, m) => n + errorsOf(m), 0);
  const rate = (r: autocannon.Result) => r.requests.total / (r.duration || 1);
  const perSecond = rate(ours.result);
  const threadRate = pairedRatio(runs[0], runs[1], (m) => rate(m.result));
  const threadP99 = pairedRatio(runs[0], runs[1], (m) => Math.max(1, m.result.latency.p99));
  const threadCpu = pairedRatio(runs[0], runs[1], (m) => m.cpuMs);
  record(
    'ingest',
    `POST /api/reports (JSON), ${REPORTS} distinct generated reports of ~${kb.toFixed(1)} KB, each naming its own bureau; ${CONNECTIONS} connections; SQLite; with the WAL checkpoint thread (the default) and without (WAL_CHECKPOINT_THREAD=off), each run on a new database, ${ROUNDS} rounds of both in turn, each column from the round with the median CPU per report; ${ours.reports} and ${plain.reports} reports, ${ours.items} and ${plain.items} tasks stored in those rounds, ${errors} errors/non-2xx; load average ${load1} (1 / 5 / 15 min) at the start`,
    [
      {
        metric: 'reports/s',
        ours: perSecond.toFixed(0),
        floor: `${rate(floor).toFixed(0)} (bare Fastify + better-sqlite3 storing the text)`,
        ratio: `${(rate(floor) / perSecond).toFixed(1)}× slower`,
        goal: '≥ 100 reports/s',
        pass: perSecond >= 100 && errors === 0,
      },
      {
        metric: 'latency p99',
        ours: `${ours.result.latency.p99} ms`,
        floor: `${floor.latency.p99} ms`,
        ratio: `${(ours.result.latency.p99 / Math.max(1, floor.latency.p99)).toFixed(1)}×`,
        goal: '≤ 100 ms',
        pass: ours.result.latency.p99 <= 100,
      },
      {
        metric: 'server CPU per report (all threads)',
        ours: `${ours.cpuMs.toFixed(2)} ms`,
        floor: `${floorCpuMs.toFixed(2)} ms`,
        ratio: `${(ours.cpuMs / floorCpuMs).toFixed(1)}×`,
        goal: '—',
        pass: null,
      },
      {
        metric: 'checkpoint thread against none (WAL_CHECKPOINT_THREAD=off): reports/s, p99, CPU per report',
        ours: `${perSecond.toFixed(0)}/s, ${ours.result.latency.p99} ms, ${ours.cpuMs.toFixed(2)} ms`,
        floor: `${rate(plain.result).toFixed(0)}/s, ${plain.result.latency.p99} ms, ${plain.cpuMs.toFixed(2)} ms (ours, off)`,
        ratio: `${(threadRate.median * 100).toFixed(0)}% throughput (${(threadRate.min * 100).toFixed(0)}–${(threadRate.max * 100).toFixed(0)}%), ${threadP99.median.toFixed(2)}× p99${spread(threadP99)}, ${threadCpu.median.toFixed(2)}× CPU${spread(threadCpu)}; medians of the rounds' ratios`,
        goal: 'no less throughput, no worse p99 (else the thread goes)',
        pass: threadRate.median >= 0.97 && threadP99.median <= 1,
      },
    ],
  );
}

if (process.env.BENCH_ROLE === 'bare-ingest') void bareServer();
else
  main().catch((err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  });
