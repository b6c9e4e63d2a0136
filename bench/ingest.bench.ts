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
import { join } from 'node:path';
import { hashPassword } from '@luoshi/platform';
import { record } from './bench.util';
import { bureauAt, populate, reportText, rng } from './generate';
import { forkSelf, freshDatabase, loginToken, startApiProcess } from './server.util';

const REPORTS = Number(process.env.BENCH_REPORTS ?? 1500);
const CONNECTIONS = 8;
const PASSWORD = 'bench-password-1';

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

async function main(): Promise<void> {
  const { dir, file, remove } = freshDatabase('ingest');
  const world = populate(file, { bureaus: 1, tasks: 0, passwordHash: await hashPassword(PASSWORD) });
  const payloads = bodies();
  const kb = payloads.reduce((n, p) => n + Buffer.byteLength(p), 0) / payloads.length / 1024;

  const api = await startApiProcess(file, 3911, { REDIS_URL: 'redis://127.0.0.1:1' });
  let ours: autocannon.Result;
  try {
    const token = await loginToken(api.url, world.admin.email, PASSWORD);
    await load(api.url, token, payloads, REPORTS, 100); // warm-up on reports not used below
    ours = await load(api.url, token, payloads.slice(0, REPORTS), 0, REPORTS);
  } finally {
    await api.stop();
  }
  const bare = await forkSelf({ BENCH_ROLE: 'bare-ingest', SQLITE_PATH: join(dir, 'bare.sqlite') }, 3912, '/health');
  let floor: autocannon.Result;
  try {
    await load(bare.url, 'none', payloads, REPORTS, 100);
    floor = await load(bare.url, 'none', payloads.slice(0, REPORTS), 0, REPORTS);
  } finally {
    await bare.stop();
  }
  const stored = new Database(file, { readonly: true });
  const reports = (stored.prepare('SELECT COUNT(*) AS n FROM report').get() as { n: number }).n;
  const items = (stored.prepare('SELECT COUNT(*) AS n FROM plan_item').get() as { n: number }).n;
  stored.close();
  const errors = ours.non2xx + ours.errors + ours.timeouts;
  const perSecond = ours.requests.total / (ours.duration || 1);
  const floorPerSecond = floor.requests.total / (floor.duration || 1);
  record(
    'ingest',
    `POST /api/reports (JSON), ${REPORTS} distinct generated reports of ~${kb.toFixed(1)} KB, each naming its own bureau; ${CONNECTIONS} connections; SQLite; ${reports} reports and ${items} tasks stored, ${errors} errors/non-2xx`,
    [
      {
        metric: 'reports/s',
        ours: perSecond.toFixed(0),
        floor: `${floorPerSecond.toFixed(0)} (bare Fastify + better-sqlite3 storing the text)`,
        ratio: `${(floorPerSecond / perSecond).toFixed(1)}× slower`,
        goal: '≥ 100 reports/s',
        pass: perSecond >= 100 && errors === 0,
      },
      {
        metric: 'latency p99',
        ours: `${ours.latency.p99} ms`,
        floor: `${floor.latency.p99} ms`,
        ratio: `${(ours.latency.p99 / Math.max(1, floor.latency.p99)).toFixed(1)}×`,
        goal: '≤ 100 ms',
        pass: ours.latency.p99 <= 100,
      },
    ],
  );
  remove();
}

if (process.env.BENCH_ROLE === 'bare-ingest') void bareServer();
else
  main().catch((err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  });
