import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { bureauAt, reportText, rng } from '../../bench/generate';
import { ROOT } from '../support/fixtures';
import { PASSWORD, seedWorld, type World } from '../support/seed-users';
import { migrateDatabase } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-env';
import { until } from '../support/until';
import { alive, exited } from '../support/processes';

/**
 * The API as several processes sharing one port (API_WORKERS, node:cluster), built as production
 * runs it: one login-attempt count and one token secret across the processes, a killed process
 * replaced while the other answers, a process that cannot start stopping the API once (no restart
 * loop), and SIGTERM stopping every process.
 */
const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const LOGIN_LIMIT = 3;

interface Answer {
  status: number;
  body: string;
}

/**
 * One request on a connection of its own (no keep-alive), so that node:cluster hands each request
 * to the next process in turn rather than to the one holding a pooled connection.
 */
function freshRequest(
  port: number,
  method: string,
  path: string,
  options: { json?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The statuses of `count` requests made at once, each on its own connection. */
async function statuses(count: number, request: () => Promise<Answer>): Promise<number[]> {
  return (await Promise.all(Array.from({ length: count }, request))).map((a) => a.status);
}

/** The pids of a process's children (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

describe('API_WORKERS: several API processes on one port', () => {
  let db: TestDatabase;
  let world: World;
  const children: ChildProcess[] = [];

  interface Cluster {
    child: ChildProcess;
    port: number;
    output(): string;
  }

  /** The built API with two processes; `waitForListening` false returns at once (for a start that must fail). */
  async function startCluster(
    sqlitePath: string,
    waitForListening = true,
    extraEnv: Record<string, string> = {},
  ): Promise<Cluster> {
    if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`npm run build\` (npm install does it)`);
    const port = 17000 + Math.floor(Math.random() * 2900);
    const child = spawn(process.execPath, [API_MAIN], {
      // development with no JWT_SECRET: the primary must hand every process the same generated secret.
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        SQLITE_PATH: sqlitePath,
        JWT_SECRET: '',
        REDIS_URL: 'redis://127.0.0.1:1',
        PORT: String(port),
        API_WORKERS: '2',
        LOGIN_RATE_LIMIT: String(LOGIN_LIMIT),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const cluster = { child, port, output: () => output };
    if (waitForListening) {
      await until(
        () => {
          if (child.exitCode !== null)
            throw new Error(`the API exited (${child.exitCode}) instead of starting:\n${output}`);
          return output.includes('with 2 processes');
        },
        'both API processes to listen',
        40_000,
        100,
      );
    }
    return cluster;
  }

  const sqlitePath = () => (db.config.database as { path: string }).path;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    await migrateDatabase(db.config);
    world = await seedWorld(db.config);
  });

  // Each test's API stops gracefully after it, whatever the test did to it.
  afterEach(async () => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGTERM');
      await exited(child);
    }
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await db?.drop();
  });

  it('counts login attempts once across the processes, and a token from one works on the other', async () => {
    // Behind a proxy on loopback (TRUST_PROXY), whose X-Forwarded-For names the client.
    const api = await startCluster(sqlitePath(), true, { TRUST_PROXY: 'loopback' });
    // Connections alternate between the two processes: counted per process, 2 × 3 attempts would pass.
    const attempts: number[] = [];
    for (let i = 0; i < 8; i++)
      attempts.push(
        (
          await freshRequest(api.port, 'POST', '/api/auth/login', {
            json: { email: 'nobody@cluster.test', password: 'wrong-password-1' },
          })
        ).status,
      );
    expect(attempts).toEqual([...Array<number>(LOGIN_LIMIT).fill(401), ...Array<number>(8 - LOGIN_LIMIT).fill(429)]);

    // Another client address, as the trusted proxy forwards it, still logs in.
    const login = await freshRequest(api.port, 'POST', '/api/auth/login', {
      json: { email: world.users.admin.email, password: PASSWORD },
      headers: { 'x-forwarded-for': '10.20.30.40' },
    });
    expect(login.status).toBe(200);
    const token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
    expect(
      await statuses(10, () =>
        freshRequest(api.port, 'GET', '/api/tasks', { headers: { authorization: `Bearer ${token}` } }),
      ),
    ).toEqual(Array<number>(10).fill(200));
  }, 90_000);

  it('stores every one of 8 distinct reports uploaded at once to both processes: writes wait their turn', async () => {
    const api = await startCluster(sqlitePath());
    const login = await freshRequest(api.port, 'POST', '/api/auth/login', {
      json: { email: world.users.admin.email, password: PASSWORD },
    });
    const token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
    const texts = Array.from({ length: 8 }, (_, i) =>
      reportText(rng(500 + i), bureauAt(700_000 + i * 13), 2024, 20_000),
    );
    const answers = await Promise.all(
      texts.map((text) =>
        freshRequest(api.port, 'POST', '/api/reports', {
          json: { text },
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    );
    expect(answers.map((a) => (a.status === 201 ? 201 : `${a.status} ${a.body.slice(0, 200)}`))).toEqual(
      Array<number>(8).fill(201),
    );
    const list = await freshRequest(api.port, 'GET', '/api/reports?pageSize=50', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((JSON.parse(list.body) as { total: number }).total).toBeGreaterThanOrEqual(8);
  }, 90_000);

  it('replaces a killed process while the other keeps answering', async () => {
    const api = await startCluster(sqlitePath(), true, { LOG_LEVEL: 'info' });
    const before = childrenOf(api.child.pid!);
    expect(before).toHaveLength(2);
    process.kill(before[0], 'SIGKILL');
    await until(() => api.output().includes(`API process ${before[0]} died`), 'the primary to notice', 10_000, 50);
    // The replacement is still booting: the surviving process answers meanwhile.
    expect(await statuses(6, () => freshRequest(api.port, 'GET', '/api/health'))).toEqual(Array<number>(6).fill(200));
    await until(
      () => api.output().includes('in place of one that died (2/2 serving)'),
      'the replacement to listen',
      20_000,
      100,
    );
    const after = childrenOf(api.child.pid!);
    expect(after).toHaveLength(2);
    expect(after).toContain(before[1]);
    expect(after).not.toContain(before[0]);
    // Requests go to both again, and both answer.
    expect(await statuses(10, () => freshRequest(api.port, 'GET', '/api/health'))).toEqual(Array<number>(10).fill(200));
  }, 90_000);

  it('stops every process on SIGTERM, with exit code 0', async () => {
    const api = await startCluster(sqlitePath());
    const workers = childrenOf(api.child.pid!);
    api.child.kill('SIGTERM');
    expect(await exited(api.child)).toBe(0);
    expect(workers.filter(alive)).toEqual([]);
  }, 60_000);

  it('gives up with exit 1 when its processes keep dying', async () => {
    const api = await startCluster(sqlitePath());
    const deadline = Date.now() + 45_000;
    while (api.child.exitCode === null && Date.now() < deadline) {
      for (const pid of childrenOf(api.child.pid!)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await exited(api.child)).toBe(1);
    expect(api.output()).toContain('died 6 times within a minute');
    // Each replacement came after a longer pause than the one before.
    expect(api.output().match(/starting another in \d s/g)).toEqual([
      'starting another in 1 s',
      'starting another in 2 s',
      'starting another in 3 s',
      'starting another in 4 s',
      'starting another in 5 s',
    ]);
  }, 90_000);

  it('stops once, saying why, when the processes cannot start (no restart loop)', async () => {
    const unmigrated = join(sqlitePath(), '..', 'unmigrated.sqlite');
    const api = await startCluster(unmigrated, false);
    expect(await exited(api.child)).toBe(1);
    expect(api.output()).toContain('npx luoshi migrate');
    expect(api.output().match(/could not start/g)).toHaveLength(1);
  }, 60_000);
});
