import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource } from '@luoshi/db';
import { bureauAt, reportText, rng } from '../../bench/generate';
import { bootApiWorld } from '../support/api-world';
import { fileForm, ROOT, sample } from '../support/fixtures';
import { HttpClient } from '../support/http-client';
import { login, seedWorld } from '../support/seed-users';
import { migrateDatabase } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-env';
import { until as waitUntil } from '../support/until';

/**
 * Soak: SOAK_SECONDS (default 60) of mixed traffic against the real app on SQLite — lists, task
 * details, exports, comments, progress with optimistic locking, and uploads of distinct generated
 * reports — from eight concurrent clients. No 5xx at any point, and afterwards every write the API
 * acknowledged is in the database: same count and same checksum.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
jest.setTimeout((SECONDS + 120) * 1000);

interface Ledger {
  comments: Array<{ id: number; taskId: number; body: string }>;
  progress: Array<{ taskId: number; note: string }>;
  reports: Array<{ id: number; itemCount: number }>;
  requests: number;
  statuses: Map<number, number>;
  fiveHundreds: string[];
}

const LIMITS = { REDIS_URL: 'redis://127.0.0.1:1', LOGIN_RATE_LIMIT: '10000', LOGIN_ACCOUNT_RATE_LIMIT: '10000' };
const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');

/** What the soak drives: three signed-in clients and the database behind them. */
interface SoakTarget {
  db: TestDatabase;
  as: { admin: HttpClient; staffA: HttpClient; staffA2: HttpClient };
  close(): Promise<void>;
}

/** The app in this process (the e2e way). */
async function inProcess(): Promise<SoakTarget> {
  const api = await bootApiWorld('sqlite', LIMITS);
  return { db: api.db, as: api.as, close: () => api.close() };
}

/** The built API as a cluster of two processes on one SQLite file, each request taking its turn. */
async function cluster(): Promise<SoakTarget> {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`npm run build\` (npm install does it)`);
  const db = await createTestDatabase('sqlite', LIMITS);
  await migrateDatabase(db.config);
  const world = await seedWorld(db.config);
  const port = 14000 + Math.floor(Math.random() * 2900);
  const child = spawn(process.execPath, [API_MAIN], {
    env: {
      ...process.env,
      ...LIMITS,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'soak-cluster-secret-soak-cluster-01',
      SQLITE_PATH: (db.config.database as { path: string }).path,
      PORT: String(port),
      API_WORKERS: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await db.drop();
  };
  try {
    await waitUntil(
      () => {
        if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}):\n${output}`);
        return output.includes('with 2 processes');
      },
      'both API processes to listen',
      40_000,
      100,
    );
    const http = new HttpClient(`http://127.0.0.1:${port}`);
    return {
      db,
      as: {
        admin: await login(http, world.users.admin.email),
        staffA: await login(http, world.users.staffA.email),
        staffA2: await login(http, world.users.staffA2.email),
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

describe.each([
  ['one process', inProcess],
  ['a cluster of two API processes (API_WORKERS=2)', cluster],
])('soak: mixed reads, writes and ingests, %s', (mode, boot) => {
  let api: SoakTarget;
  const ledger: Ledger = {
    comments: [],
    progress: [],
    reports: [],
    requests: 0,
    statuses: new Map(),
    fiveHundreds: [],
  };

  beforeAll(async () => {
    api = await boot();
    await api.as.staffA.post('/api/reports', fileForm('xihu-2023.txt', sample('xihu-2023.txt')));
  }, 90_000);

  afterAll(async () => {
    process.stdout.write(
      `soak (${mode}): ${SECONDS} s, ${ledger.requests} requests ${JSON.stringify(Object.fromEntries(ledger.statuses))}, acknowledged ${ledger.comments.length} comments, ${ledger.progress.length} progress updates, ${ledger.reports.length} reports\n`,
    );
    await api?.close();
  });

  async function call(client: HttpClient, method: string, path: string, body?: unknown) {
    const res = await client.request(method, path, body);
    ledger.requests++;
    ledger.statuses.set(res.status, (ledger.statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500) ledger.fiveHundreds.push(`${method} ${path} → ${res.status} ${res.text.slice(0, 200)}`);
    return res;
  }

  async function worker(index: number, until: number): Promise<void> {
    const r = rng(1000 + index);
    const client = index % 2 === 0 ? api.as.staffA : api.as.staffA2;
    let n = 0;
    while (Date.now() < until) {
      n++;
      const roll = r();
      if (roll < 0.35) {
        await call(
          client,
          'GET',
          `/api/tasks?page=${1 + Math.floor(r() * 2)}&pageSize=20${r() < 0.3 ? '&overdue=true' : ''}`,
        );
      } else if (roll < 0.5) {
        const list = await call(client, 'GET', '/api/tasks?pageSize=50');
        const items = list.body?.items ?? [];
        if (items.length) await call(client, 'GET', `/api/tasks/${items[Math.floor(r() * items.length)].id}`);
      } else if (roll < 0.7) {
        const list = await call(client, 'GET', '/api/tasks?pageSize=50');
        const task = list.body.items[Math.floor(r() * list.body.items.length)];
        const body = `soak ${index}-${n} 评论`;
        const res = await call(client, 'POST', `/api/tasks/${task.id}/comments`, { body });
        if (res.status === 201) ledger.comments.push({ id: res.body.id, taskId: task.id, body });
      } else if (roll < 0.85) {
        const list = await call(client, 'GET', '/api/tasks?pageSize=50');
        const task = list.body.items[Math.floor(r() * list.body.items.length)];
        const note = `soak ${index}-${n} 进展`;
        const res = await call(client, 'POST', `/api/tasks/${task.id}/progress`, {
          version: task.version,
          note,
          percent: Math.floor(r() * 100),
        });
        if (res.status === 201) ledger.progress.push({ taskId: task.id, note });
        else if (res.status !== 409) throw new Error(`progress answered ${res.status}: ${res.text}`);
      } else if (roll < 0.95) {
        const bureau = bureauAt(index * 100_000 + n);
        const text = reportText(r, bureau, 2024, 15_000);
        const res = await call(
          api.as.admin,
          'POST',
          '/api/reports',
          fileForm(`soak-${index}-${n}.txt`, Buffer.from(text)),
        );
        if (res.status === 201) ledger.reports.push({ id: res.body.report.id, itemCount: res.body.itemCount });
        else if (res.status !== 200) throw new Error(`upload answered ${res.status}: ${res.text.slice(0, 300)}`);
      } else {
        await call(client, 'GET', '/api/exports/tasks.csv');
      }
    }
  }

  it(`runs ${SECONDS} s without a 5xx and keeps every acknowledged write`, async () => {
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(Array.from({ length: 8 }, (_, i) => worker(i, until)));
    expect(ledger.fiveHundreds).toEqual([]);
    expect(ledger.requests).toBeGreaterThan(SECONDS * 20);
    expect(ledger.comments.length).toBeGreaterThan(0);
    expect(ledger.reports.length).toBeGreaterThan(0);

    const ds = createDataSource(api.db.config.database);
    await ds.initialize();
    try {
      const checksum = (rows: Array<{ id: number; taskId: number; body: string }>) =>
        createHash('sha256')
          .update(
            rows
              .map((c) => `${c.id}|${c.taskId}|${c.body}`)
              .sort()
              .join('\n'),
          )
          .digest('hex');
      const stored: Array<{ id: number; taskId: number; body: string }> = await ds.query(
        `SELECT id, "planItemId" AS "taskId", body FROM comment WHERE body LIKE 'soak %'`,
      );
      expect(stored).toHaveLength(ledger.comments.length);
      expect(checksum(stored)).toBe(checksum(ledger.comments));

      const notes: Array<{ taskId: number; note: string }> = await ds.query(
        `SELECT "planItemId" AS "taskId", note FROM progress_update WHERE note LIKE 'soak %'`,
      );
      const key = (p: { taskId: number; note: string }) => `${p.taskId}|${p.note}`;
      expect(notes.map(key).sort()).toEqual(ledger.progress.map(key).sort());

      for (const report of ledger.reports) {
        const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM plan_item WHERE "reportId" = ${report.id}`);
        expect({ report: report.id, items: Number(n) }).toEqual({ report: report.id, items: report.itemCount });
      }
    } finally {
      await ds.destroy();
    }
  });
});
