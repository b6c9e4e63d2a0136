#!/usr/bin/env node
'use strict';
// `npm run demo`: migrate the embedded SQLite database, ingest the sample reports, print their
// tasks, then run the API (and the worker when Redis answers) on http://localhost:3000.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { addDemoActivity } = require('./demo-activity');
const { datedSampleTexts } = require('./dated-samples');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'bin', 'luoshi.js');
const port = process.env.PORT || '3000';
const redisUrl = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');

function step(title) {
  process.stdout.write(`\n== ${title}\n`);
}

function run(args) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`luoshi ${args[0]} failed (exit ${result.status}); stopping the demo.\n`);
    process.exit(result.status || 1);
  }
}

function redisReachable() {
  return new Promise((resolve) => {
    const socket = net.connect({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitForHealth(url, child) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) return false;
    try {
      const res = await fetch(url);
      if (res.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** The samples re-dated to today (scripts/dated-samples.js), written where the CLI can read them. */
function datedSamples() {
  const { planYear, samples } = datedSampleTexts(root);
  const dir = path.join(os.tmpdir(), `luoshi-demo-samples-${planYear}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const { name, text } of samples) fs.writeFileSync(path.join(dir, name), text);
  return { dir, planYear };
}

/** Where the API's and the worker's logs go, so the console keeps the steps and the banner. */
function logFile(name) {
  const dir = path.join(root, 'data', 'logs');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.log`);
  return { file, fd: fs.openSync(file, 'a') };
}

const DEMO_PASSWORD = 'luoshi-demo-2025';
const DEMO_USERS = [
  ['admin@luoshi.local', '管理员', 'admin', null],
  ['xihu@luoshi.local', '西湖区司法局工作人员', 'staff', '杭州市西湖区司法局'],
];

/** Creates the demo logins once; an existing one is fine. */
function ensureDemoUsers() {
  for (const [email, name, role, bureau] of DEMO_USERS) {
    const args = ['user', 'create', '--email', email, '--name', name, '--role', role, '--password', DEMO_PASSWORD];
    if (bureau) args.push('--bureau', bureau);
    const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0 && !/already exists/.test(result.stderr)) {
      process.stderr.write(result.stderr);
      process.exit(result.status || 1);
    }
  }
}

/**
 * Once per data folder and plan year: a few promises done, under way and late, through the API
 * (scripts/demo-activity.js), so the first screen looks like a bureau's year, not all untouched.
 */
async function liven(base, planYear) {
  const marker = path.join(root, 'data', `demo-activity-${planYear}.json`);
  if (fs.existsSync(marker)) return;
  const [[adminEmail], [staffEmail, , , bureauName]] = DEMO_USERS;
  try {
    const done = await addDemoActivity(base, {
      reporter: { email: staffEmail, password: DEMO_PASSWORD },
      approver: { email: adminEmail, password: DEMO_PASSWORD },
      bureauName,
      planYear,
    });
    fs.writeFileSync(marker, JSON.stringify(done));
    process.stdout.write(
      `Demo activity: ${done.closed} promises signed off (已销号), ${done.underway + done.late} under way (推进中), ${done.assigned} task handed over this week (交办事项).\n`,
    );
  } catch (err) {
    process.stderr.write(`Demo activity skipped: ${err.message}\n`);
  }
}

async function main() {
  step('1/4 Migrate the database (迁移数据库)');
  run(['migrate']);

  const samples = datedSamples();
  step(`2/4 Ingest the sample reports, dated for ${samples.planYear}, and show their tasks (导入示例报告)`);
  run(['ingest', '--show-tasks', '--no-progress', samples.dir]);
  ensureDemoUsers();

  step('3/4 Check Redis (检查 Redis)');
  const redis = await redisReachable();
  process.stdout.write(
    redis
      ? `Redis is reachable at ${redisUrl.host}: the worker starts too.\n`
      : `Redis is not reachable at ${redisUrl.host}: reminders are paused, everything else runs. Start it with: redis-server --daemonize yes (Redis 未启动，提醒暂停)\n`,
  );

  step('4/4 Start the API' + (redis ? ' and the worker' : '') + ' (启动服务)');
  const children = [];
  // MALLOC_ARENA_MAX: as in the Dockerfile (README, Configuration): two glibc malloc arenas, not one per thread.
  const logs = [];
  const start = (name, file) => {
    const log = logFile(name);
    logs.push(path.relative(root, log.file));
    const child = spawn(process.execPath, [path.join(root, file)], {
      cwd: root,
      // Logs (pino JSON) to data/logs; a crash's stack still reaches the console.
      stdio: ['ignore', log.fd, 'inherit'],
      env: { MALLOC_ARENA_MAX: '2', ...process.env, PORT: port },
    });
    child.on('exit', (code, signal) => {
      if (!stopping) process.stderr.write(`${name} exited (${signal || code})\n`);
    });
    children.push(child);
    return child;
  };
  let stopping = false;
  const stop = () => {
    stopping = true;
    for (const c of children) c.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const api = start('api', 'dist/apps/api/apps/api/src/main.js');
  if (redis) start('worker', 'dist/apps/worker/apps/worker/src/main.js');
  const base = `http://localhost:${port}`;
  if (await waitForHealth(`http://127.0.0.1:${port}/api/health`, api)) {
    await liven(`http://127.0.0.1:${port}`, samples.planYear);
    process.stdout.write(
      `\nluoshi is running: dashboard ${base}  ·  API docs ${base}/docs  ·  health ${base}/api/health\n` +
        `Demo logins (password ${DEMO_PASSWORD}): ${DEMO_USERS.map((u) => `${u[0]} (${u[2]})`).join(', ')}\n` +
        `  curl -s -X POST ${base}/api/auth/login -H 'content-type: application/json' -d '{"email":"xihu@luoshi.local","password":"${DEMO_PASSWORD}"}'\n` +
        `Logs: ${logs.join(', ')}\n` +
        'Press Ctrl-C to stop. 按 Ctrl-C 停止。\n',
    );
  } else {
    process.stderr.write(`The API did not become healthy; see ${logs[0]}.\n`);
    stop();
    process.exitCode = 1;
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
