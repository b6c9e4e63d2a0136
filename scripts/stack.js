#!/usr/bin/env node
'use strict';
// `npm run stack`: the several-machine topology on one machine, without Docker — PostgreSQL
// (DATABASE_URL, required) and Redis (REDIS_URL), migrations run once, STACK_APIS API processes and
// STACK_WORKERS worker processes under a supervisor (a dead one is started again), behind a reverse
// proxy on STACK_PORT that health-checks the APIs and retries a request on another API when safe
// (scripts/stack/proxy.js). Ctrl-C or SIGTERM stops everything cleanly. Needs `npm run build`.
const { spawnSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const { hostname } = require('node:os');
const path = require('node:path');
const { Redis } = require('ioredis');
const { startProxy } = require('./stack/proxy');
const { Supervised } = require('./stack/supervisor');

const root = path.join(__dirname, '..');
const API_MAIN = path.join(root, 'dist/apps/api/apps/api/src/main.js');
const WORKER_MAIN = path.join(root, 'dist/apps/worker/apps/worker/src/main.js');
/** How long children get to finish their work on SIGTERM before they are killed. */
const SHUTDOWN_GRACE_MS = 10_000;
/** How long the stack may take to have every API healthy and every worker beating. */
const BOOT_TIMEOUT_MS = 90_000;

function say(line) {
  process.stdout.write(`[stack] ${line}\n`);
}

function fail(message) {
  process.stderr.write(`[stack] ${message}\n`);
  process.exit(1);
}

/** A whole number from the environment within [min, max], or the default; anything else stops the stack. */
function count(name, fallback, min, max) {
  const raw = (process.env[name] ?? '').trim();
  if (raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    fail(`${name} must be a whole number from ${min} to ${max}, not "${raw}" (${name} 取值无效)`);
  return n;
}

const apis = count('STACK_APIS', 2, 1, 16);
const workers = count('STACK_WORKERS', 2, 0, 16);
const port = count('STACK_PORT', 3000, 1, 65535 - apis);
const host = (process.env.HOST ?? '').trim() || '127.0.0.1';
const logDir = path.resolve(root, (process.env.STACK_LOG_DIR ?? '').trim() || 'data/logs');
if (!(process.env.DATABASE_URL ?? '').trim())
  fail(
    'DATABASE_URL is required: several processes share one PostgreSQL database, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi (多进程部署需要 PostgreSQL，请设置 DATABASE_URL)',
  );
for (const file of [API_MAIN, WORKER_MAIN])
  if (!fs.existsSync(file)) fail(`${path.relative(root, file)} is missing: run \`npm run build\` first`);
fs.mkdirSync(logDir, { recursive: true });

const env = { MALLOC_ARENA_MAX: '2', ...process.env };
if (!(env.JWT_SECRET ?? '').trim()) {
  // Every API process must sign and check tokens with one secret (and workers seal channels with it).
  env.JWT_SECRET = randomBytes(32).toString('hex');
  say(
    'JWT_SECRET is not set: using a random secret for this run, so logins end when the stack stops (未设置JWT_SECRET)',
  );
}
env.PUBLIC_URL = (env.PUBLIC_URL ?? '').trim() || `http://localhost:${port}`;
const redisPrefix = (env.REDIS_PREFIX ?? '').trim() || 'luoshi';

say('Migrating the database once, before any API starts (迁移数据库)');
const migrate = spawnSync(process.execPath, [path.join(root, 'bin/luoshi.js'), 'migrate'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
if (migrate.status !== 0) fail(`luoshi migrate failed (exit ${migrate.status ?? migrate.signal}); stopping.`);

let ready = false;
let stopping = false;
const children = [];
const supervise = (name, main, childEnv) => {
  const child = new Supervised({
    name,
    args: [main],
    env: childEnv,
    logFile: path.join(logDir, `stack-${name}.log`),
    log: say,
    giveUp: (code) => void stop(code),
    started: () => ready,
  });
  children.push(child);
  child.start();
  return child;
};

const apiProcs = Array.from({ length: apis }, (_, i) =>
  supervise(`api-${i + 1}`, API_MAIN, {
    ...env,
    HOST: '127.0.0.1',
    PORT: String(port + 1 + i),
    // One process each: the supervisor, not node:cluster, runs the copies.
    API_WORKERS: '1',
    // Only the proxy on loopback reaches the APIs; its X-Forwarded-For names the client.
    TRUST_PROXY: 'loopback',
  }),
);
const workerProcs = Array.from({ length: workers }, (_, i) => supervise(`worker-${i + 1}`, WORKER_MAIN, env));

const bytes = (name, fallback) => (/^\d+$/.test((env[name] ?? '').trim()) ? Number(env[name]) : fallback);
const proxy = startProxy({
  host,
  port,
  upstreams: apiProcs.map((p, i) => ({ name: p.name, port: port + 1 + i })),
  // The largest body an API accepts, plus room for multipart framing.
  maxBodyBytes:
    Math.max(bytes('REPORT_MAX_BYTES', 5 * 1024 * 1024), bytes('ATTACHMENTS_MAX_BYTES', 20 * 1024 * 1024)) +
    1024 * 1024,
  log: say,
});
proxy.listening.catch((err) => {
  say(`The proxy cannot listen on ${host}:${port} (${err.code ?? err.message}) (代理端口无法监听)`);
  void stop(1);
});

// Workers run no HTTP server: their health is the heartbeat each one keeps in Redis (with a TTL).
const redis = new Redis(env.REDIS_URL || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1, lazyConnect: false });
redis.on('error', () => undefined);
const beating = new Map();
async function checkWorkers() {
  for (const w of workerProcs) {
    if (!w.pid) continue;
    const alive = (await redis.exists(`${redisPrefix}:workers:${hostname()}:${w.pid}`).catch(() => 0)) === 1;
    if (alive !== (beating.get(w.name) === w.pid)) {
      if (alive) beating.set(w.name, w.pid);
      else beating.delete(w.name);
      say(`${w.name} ${alive ? `is healthy (heartbeat in Redis, pid ${w.pid})` : 'has no heartbeat in Redis'}`);
    }
  }
}
const workerTimer = setInterval(() => void checkWorkers(), 1000);

const bootDeadline = Date.now() + BOOT_TIMEOUT_MS;
const bootTimer = setInterval(() => {
  if (proxy.upstreams.every((u) => u.healthy) && workerProcs.every((w) => beating.get(w.name) === w.pid)) {
    clearInterval(bootTimer);
    ready = true;
    say(
      `luoshi stack ready on http://${host}:${port} → ${apis} API processes (ports ${port + 1}–${port + apis}), ${workers} workers; logs in ${logDir}; Ctrl-C stops (已就绪)`,
    );
  } else if (Date.now() > bootDeadline) {
    clearInterval(bootTimer);
    say(`Not every process became healthy within ${BOOT_TIMEOUT_MS / 1000} s; stopping (启动超时)`);
    void stop(1);
  }
}, 250);

async function stop(code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  clearInterval(bootTimer);
  clearInterval(workerTimer);
  for (const child of children) child.expectExit();
  say('Stopping: the proxy takes no new requests, every process gets SIGTERM (正在停止)');
  // The proxy first, so no request reaches an API that is stopping; then every process at once.
  await proxy.close(SHUTDOWN_GRACE_MS);
  await Promise.all(children.map((c) => c.stop(SHUTDOWN_GRACE_MS)));
  redis.disconnect();
  say(`Stopped (exit ${code})`);
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stop(0));
