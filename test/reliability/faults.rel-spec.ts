import { Queue } from 'bullmq';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ChannelDelivery, ChatChannel, createDataSource, PlanItem, Reminder, Report, User } from '@luoshi/db';
import { parseSecretKey, sealSecret } from '@luoshi/chat-channels';
import { REMINDERS_QUEUE, SWEEP_JOB, SWEEP_SCHEDULER_ID } from '@luoshi/queues';
import { hashPassword } from '@luoshi/platform';
import { parseReport } from '@luoshi/report-parser';
import { bureauAt, reportText, rng } from '../../bench/generate';
import { fileForm, ROOT } from '../support/fixtures';
import { HttpClient } from '../support/http-client';
import { login, seedWorld, type World } from '../support/seed-users';
import { ChatSink } from '../support/chat-sink';
import { SmtpSink } from '../support/smtp-sink';
import { until as waitFor } from '../support/until';

const until = (check: () => Promise<boolean> | boolean, what: string, timeoutMs = 90_000) =>
  waitFor(check, what, timeoutMs, 100);
import { migrateDatabase } from '../support/test-app';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '../support/test-env';

/**
 * Faults, each with nothing lost and nothing doubled, against the built apps as separate processes
 * (dist/, as `npm install` builds them), a Redis server of the suite's own and an SMTP sink:
 * the worker SIGKILLed mid-batch, SMTP down then up, Redis stopped and restarted, the API SIGKILLed
 * mid-ingest, and SQLite held busy by another writer.
 */
jest.setTimeout(180_000);

// Monday 2025-06-23, 10:00 in Shanghai: a working day inside the sending hours.
const AT = '2025-06-23T02:00:00Z';
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');
const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const SHIFTED_CLOCK = join(ROOT, 'test/support/shifted-clock.cjs');
const JWT_SECRET = 'faults-secret-faults-secret-faults-secret-01';
const CHANNELS_KEY = 'c4'.repeat(32);

/**
 * A port for one of the suite's own servers: random, and below Linux's ephemeral range (32768–60999),
 * so neither an outgoing connection nor a server listening on port 0 elsewhere in the run holds it.
 * The ranges of the suite's SMTP sink, Redis and APIs do not overlap.
 */
const portIn = (from: number, span: number) => from + Math.floor(Math.random() * span);

const exited = (child: ChildProcess) =>
  new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve),
  );

describe('faults: nothing lost, nothing doubled', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let world: World;
  let sink: SmtpSink;
  let smtpPort: number;
  let redisPort: number;
  let redis: ChildProcess;
  let probe: Redis;
  let queue: Queue;
  let reportId: number;
  let prefix: string;
  /** Sixty staff of bureau A, so no one passes the weekly reminder cap (which would fold e-mails into a digest). */
  let staff: number[];
  /** Every sink the suite started: a message a stopped sink accepted late is still a delivery. */
  const sinks: SmtpSink[] = [];
  const children: ChildProcess[] = [];
  const figures: string[] = [];
  let worker: ChildProcess | null = null;
  /** A worker process running (the one left by an earlier test, or a new one). */
  const ensureWorker = () => {
    if (!worker || worker.exitCode !== null || worker.signalCode !== null) worker = spawnApp(WORKER_MAIN);
  };

  const startRedis = () =>
    spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
  const ping = async () =>
    (await Promise.race([probe.ping().catch(() => ''), new Promise((r) => setTimeout(() => r(''), 200))])) === 'PONG';

  function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SQLITE_PATH: (db.config.database as { path: string }).path,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_PREFIX: prefix,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      PUBLIC_URL: 'https://luoshi.test',
      JWT_SECRET,
      SWEEP_EVERY_MINUTES: '0',
      // A killed worker's jobs are picked up again after about twice this (the default is 30 s).
      JOB_LOCK_SECONDS: '3',
      ...extra,
    };
  }

  function spawnApp(main: string, extra: Record<string, string> = {}, nodeArgs: string[] = []): ChildProcess {
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` (npm install does it)`);
    const child = spawn(process.execPath, [...nodeArgs, main], {
      env: env(extra),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  }

  /** The built API in its own process; waits for it to answer, and fails at once if it exits instead. */
  async function startApi(extra: Record<string, string> = {}): Promise<{ child: ChildProcess; http: HttpClient }> {
    const port = portIn(11000, 6000);
    const child = spawnApp(API_MAIN, { PORT: String(port), REDIS_URL: 'redis://127.0.0.1:1', ...extra });
    const http = new HttpClient(`http://127.0.0.1:${port}`);
    await until(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`the API exited (${child.exitCode}) instead of answering on port ${port}`);
        return (await fetch(`${http.baseUrl}/api/health`).catch(() => null))?.ok === true;
      },
      'the API to start',
      30_000,
    );
    return { child, http };
  }

  async function startSink(delayMs = 0): Promise<void> {
    sink = new SmtpSink({ delayMs });
    sinks.push(sink);
    await sink.start(smtpPort);
  }

  async function stopSink(): Promise<void> {
    await sink.stop();
  }

  const allDelivered = () =>
    sinks.flatMap((s) => s.messages.map((m) => ({ to: m.to, messageId: m.messageId, subject: m.subject })));

  async function tasks(count: number, dueDate: string, assignees: number[]): Promise<number[]> {
    const saved = await ds.getRepository(PlanItem).save(
      Array.from({ length: count }, (_, i) => ({
        reportId,
        bureauId: world.bureaus.a,
        planYear: 2025,
        path: `${dueDate}-${i}`,
        title: `故障测试事项${dueDate}-${i}`,
        body: '故障测试',
        owner: null,
        coOwners: [],
        dueDate,
        deadlines: [],
        status: 'planned',
        targets: [],
        recurrence: null,
        actions: [],
        verifiability: null,
        startOffset: 0,
        endOffset: 1,
        assigneeId: assignees[i % assignees.length],
        parentId: null,
      })) as Array<Partial<PlanItem>>,
    );
    return saved.map((t) => t.id!);
  }

  async function remindersOf(taskIds: number[]): Promise<Reminder[]> {
    return (await ds.getRepository(Reminder).find()).filter(
      (r) => r.planItemId !== null && taskIds.includes(r.planItemId),
    );
  }

  /** Every reminder of these tasks sent, each Message-ID delivered; returns raw deliveries beyond one per reminder. */
  async function expectDeliveredOnce(taskIds: number[]): Promise<number> {
    // One read per check: with two, the first could find no reminders yet (so "every one sent" held
    // vacuously) and the second all of them just written by the sweep, still pending.
    const allSent = async () => {
      const rows = await remindersOf(taskIds);
      return rows.length === taskIds.length && rows.every((r) => r.status === 'sent');
    };
    await until(allSent, 'every reminder to be sent').catch(async (err: Error) => {
      const counts: Record<string, number> = {};
      for (const r of await remindersOf(taskIds))
        counts[`${r.status}/${r.attempts}/${r.error ?? ''}`.slice(0, 80)] =
          (counts[`${r.status}/${r.attempts}/${r.error ?? ''}`.slice(0, 80)] ?? 0) + 1;
      throw new Error(
        `${err.message}: reminders ${JSON.stringify(counts)}, jobs ${JSON.stringify(await queue.getJobCounts())}, failures ${JSON.stringify((await queue.getFailed()).map((j) => `${j.name}: ${j.failedReason}`))}`,
      );
    });
    const rows = await remindersOf(taskIds);
    const ids = new Set(rows.map((r) => `<reminder-${r.id}@luoshi>`));
    const received = allDelivered().filter((m) => ids.has(m.messageId));
    if (new Set(received.map((m) => m.messageId)).size !== rows.length) {
      // Say what was stored and what arrived in the failure itself, so a rare failure explains itself.
      const all = allDelivered();
      throw new Error(
        `${rows.length} reminders marked sent, ${new Set(received.map((m) => m.messageId)).size} of them received. ` +
          `Reminders [id, kind, status, attempts, messageId, sendOn, key]: ${JSON.stringify(rows.map((r) => [r.id, r.kind, r.status, r.attempts, r.messageId, r.sendOn, r.key]))}; ` +
          `delivered ${all.length} (per sink ${sinks.map((x) => x.messages.length).join('/')}), last ten: ${JSON.stringify(all.slice(-10).map((m) => [m.messageId, m.to, m.subject]))}`,
      );
    }
    return received.length - rows.length;
  }

  beforeAll(async () => {
    smtpPort = portIn(20000, 5000);
    redisPort = portIn(26000, 5000);
    prefix = uniqueRedisPrefix('faults');
    redis = startRedis();
    probe = new Redis(`redis://127.0.0.1:${redisPort}`, {
      maxRetriesPerRequest: null,
      retryStrategy: () => 100,
      enableOfflineQueue: false,
    });
    probe.on('error', () => undefined);
    await until(ping, 'the suite’s Redis to start', 10_000);
    queue = new Queue(REMINDERS_QUEUE, { connection: probe, prefix });
    queue.on('error', () => undefined);
    await startSink(5);
    db = await createTestDatabase('sqlite', { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, JWT_SECRET });
    await migrateDatabase(db.config);
    world = await seedWorld(db.config);
    ds = createDataSource(db.config.database);
    await ds.initialize();
    const passwordHash = await hashPassword('faults-password-1');
    const users = await ds.getRepository(User).save(
      Array.from({ length: 60 }, (_, i) => ({
        email: `f${i}@faults.test`,
        displayName: `故障${i}`,
        role: 'staff' as const,
        bureauId: world.bureaus.a,
        passwordHash,
      })),
    );
    staff = users.map((u) => u.id);
    reportId = (
      await ds.getRepository(Report).save({
        bureauId: world.bureaus.a,
        reportYear: 2024,
        planYear: 2025,
        title: null,
        publishDate: null,
        sourceUrl: null,
        contentHash: 'faults',
        revision: 1,
        encoding: 'utf-8',
        rawText: 't',
        parserVersion: '1',
        sections: [],
        warnings: [],
      })
    ).id;
  });

  afterAll(async () => {
    process.stdout.write(`faults survived: ${figures.join('; ')}\n`);
    for (const child of children) child.kill('SIGKILL');
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    probe?.disconnect();
    redis?.kill('SIGKILL');
    await ds?.destroy();
    await db?.drop();
    await sink?.stop().catch(() => undefined);
  });

  it('worker SIGKILLed mid-batch: a second worker finishes it, every reminder delivered once', async () => {
    const ids = await tasks(240, '2025-06-30', staff);
    await stopSink();
    await startSink(25);
    const first = spawnApp(WORKER_MAIN);
    await queue.add(SWEEP_JOB, { at: AT }, { removeOnComplete: true });
    await until(() => sink.messages.length >= 40, 'the batch to be under way');
    first.kill('SIGKILL');
    await exited(first);
    const sentAtKill = sink.messages.length;
    expect(sentAtKill).toBeLessThan(240);
    worker = spawnApp(WORKER_MAIN);
    const extra = await expectDeliveredOnce(ids);
    // A message the SMTP server accepted in the instant before the kill, not yet marked sent, goes again
    // with the same Message-ID (mail systems drop the copy); at most one per in-flight job (concurrency 4).
    expect(extra).toBeLessThanOrEqual(4);
    figures.push(
      `worker SIGKILL after ${sentAtKill}/240 e-mails → 240 delivered, ${extra} resent with the same Message-ID`,
    );
  });

  it('worker SIGKILLed mid-batch of chat posts: a second worker finishes it, every post delivered once', async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) {
      worker.kill('SIGKILL');
      await exited(worker);
    }
    // Only this test's tasks are open, so the new group channel is owed exactly their posts.
    await ds.getRepository(PlanItem).update({ reportId }, { status: 'closed' });
    const chat = new ChatSink({ webhook: 'faults-webhook-secret' });
    chat.delayMs = 30;
    await chat.start(portIn(17500, 2000));
    const key = parseSecretKey(CHANNELS_KEY);
    const channel = await ds.getRepository(ChatChannel).save({
      platform: 'webhook',
      name: '故障测试群',
      bureauId: world.bureaus.a,
      userId: null,
      urlSealed: sealSecret(key, chat.url('webhook'), 'chat_channel.url'),
      secretSealed: sealSecret(key, 'faults-webhook-secret', 'chat_channel.secret'),
      urlMasked: '…',
      mode: 'each',
      createdById: null,
    });
    const channelEnv = { CHANNELS_KEY, CHANNELS_ALLOW_HOSTS: chat.host };
    try {
      const ids = await tasks(60, '2025-06-30', staff);
      const first = spawnApp(WORKER_MAIN, channelEnv);
      await queue.add(SWEEP_JOB, { at: AT }, { removeOnComplete: true });
      await until(() => chat.accepted.length >= 12, 'the chat posts to be under way');
      first.kill('SIGKILL');
      await exited(first);
      const postedAtKill = chat.accepted.length;
      expect(postedAtKill).toBeLessThan(60);
      worker = spawnApp(WORKER_MAIN, channelEnv);
      const posts = () => ds.getRepository(ChannelDelivery).find({ where: { channelId: channel.id } });
      await until(async () => {
        const rows = await posts();
        return rows.length === 60 && rows.every((d) => d.status === 'sent');
      }, 'every chat post to be sent');
      const rows = await posts();
      expect(new Set(rows.map((d) => d.planItemId))).toEqual(new Set(ids));
      const received = new Set(chat.accepted.map((p) => p.deliveryId));
      expect(received).toEqual(new Set(rows.map((d) => `luoshi-delivery-${d.id}`)));
      // As with e-mail: a post the receiver took in the instant before the kill, not yet marked sent,
      // goes again with the same delivery id (its idempotency key); at most one per in-flight job.
      const extra = chat.accepted.length - rows.length;
      expect(extra).toBeLessThanOrEqual(4);
      expect(chat.refused).toEqual([]);
      figures.push(
        `worker SIGKILL after ${postedAtKill}/60 chat posts → 60 delivered, ${extra} resent with the same delivery id`,
      );
      await ds.getRepository(PlanItem).update({ reportId }, { status: 'closed' });
    } finally {
      await ds.getRepository(ChatChannel).delete({ id: channel.id });
      await chat.stop();
    }
  });

  it('SMTP down then up: retries deliver every reminder once', async () => {
    ensureWorker();
    const ids = await tasks(30, '2025-07-23', staff);
    await stopSink();
    await queue.add(SWEEP_JOB, { at: AT }, { removeOnComplete: true });
    await until(
      async () => (await remindersOf(ids)).some((r) => r.attempts >= 1 && r.error !== null),
      'a delivery to fail while SMTP is down',
    ).catch(async (err: Error) => {
      throw new Error(
        `${err.message}: failures ${JSON.stringify((await queue.getFailed()).map((j) => `${j.name}: ${j.failedReason}`))}`,
      );
    });
    expect((await remindersOf(ids)).filter((r) => r.status === 'sent')).toEqual([]);
    await startSink();
    const extra = await expectDeliveredOnce(ids);
    expect(extra).toBe(0);
    figures.push('SMTP down during a sweep → 30/30 delivered after it returned, 0 doubled');
  });

  it('Redis killed during a scheduled sweep: the worker reschedules by itself and every reminder goes out once', async () => {
    // The worker used so far sweeps only when asked; this one sweeps by itself every minute, its
    // clock starting at AT (a Monday, 10:00 in Shanghai) whatever the date of the run.
    if (worker && worker.exitCode === null && worker.signalCode === null) {
      worker.kill('SIGKILL');
      await exited(worker);
    }
    const ids = await tasks(60, '2025-06-24', staff);
    await stopSink();
    await startSink(40);
    const sweeping = spawnApp(WORKER_MAIN, { SWEEP_EVERY_MINUTES: '1', LUOSHI_TEST_CLOCK: AT }, [
      '--require',
      SHIFTED_CLOCK,
    ]);
    await until(() => sink.messages.length >= 5, 'the scheduled sweep’s e-mails to be under way');
    redis.kill('SIGKILL');
    await exited(redis);
    const sentAtKill = sink.messages.length;
    expect(sentAtKill).toBeLessThan(60);
    await until(async () => !(await ping()), 'Redis to be down');
    redis = startRedis();
    await until(ping, 'Redis to come back');
    // Redis came back empty: no scheduler, no e-mail jobs. Nothing is queued by hand here — the worker
    // must register its scheduler again, and the sweep must find the reminders still pending.
    const extra = await expectDeliveredOnce(ids);
    expect(extra).toBeLessThanOrEqual(4);
    await expect(queue.getJobScheduler(SWEEP_SCHEDULER_ID)).resolves.toBeTruthy();
    sweeping.kill('SIGKILL');
    await exited(sweeping);
    await queue.removeJobScheduler(SWEEP_SCHEDULER_ID);
    figures.push(
      `Redis SIGKILLed after ${sentAtKill}/60 e-mails of a scheduled sweep, restarted empty → the worker rescheduled itself, 60/60 delivered, ${extra} resent with the same Message-ID, no sweep queued by hand`,
    );
  });

  it('API SIGKILLed mid-ingest, inside an open transaction: every stored report is whole, none half-written', async () => {
    const r = rng(99);
    const file = (db.config.database as { path: string }).path;
    // Asks SQLite for the write lock without waiting: SQLITE_BUSY means a writer's transaction is open.
    const lockProbe = new Database(file, { timeout: 0 });
    const writerInside = () => {
      try {
        lockProbe.exec('BEGIN IMMEDIATE');
        lockProbe.exec('ROLLBACK');
        return false;
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
        throw err;
      }
    };
    const storedReports = () =>
      Number((lockProbe.prepare('SELECT COUNT(*) AS n FROM report').get() as { n: number }).n);
    let kills = 0;
    /** Reports the API answered 201 for before it was killed: each must be stored. */
    const acknowledged: number[] = [];
    /** Uploads whose connection the kill cut: they were in the API's hands when it died. */
    let cut = 0;
    for (const round of [0, 1, 2, 3]) {
      // Each new report's transaction stays open 250 ms after its rows are written (a test-only
      // setting), so that the kill can be made to land while one is open, rows written, not committed.
      const { child: api, http } = await startApi({ TEST_INGEST_HOLD_MS: '250' });
      const admin = await login(http, world.users.admin.email);
      const committedBefore = storedReports();
      // Rounds 0-1 send all twelve at once (transactions queue for their turn, so answers come late);
      // rounds 2-3 one every 300 ms, so some are answered 201 before the kill and must then be stored.
      const spacing = round < 2 ? 0 : 300;
      const acknowledgedBefore = acknowledged.length;
      const uploads = Array.from({ length: 12 }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * spacing));
        const file = fileForm(
          `k${round}-${i}.txt`,
          Buffer.from(reportText(r, bureauAt(round * 100 + i), 2024, 15_000)),
        );
        await admin
          .post('/api/reports', file)
          .then((res) => {
            if (res.status === 201) acknowledged.push(res.body.report.id as number);
          })
          .catch(() => cut++);
      });
      // Once a report of the round is committed (and, when spaced, answered), and while another's
      // transaction is open (the write lock held, its rows written and not committed), the API is killed.
      const ready = () =>
        storedReports() > committedBefore &&
        (spacing === 0 || acknowledged.length > acknowledgedBefore) &&
        writerInside();
      await until(ready, 'a report to be committed and the next ingest transaction to be open', 30_000);
      api.kill('SIGKILL');
      await exited(api);
      kills++;
      // The dead process's lock went with it.
      expect(writerInside()).toBe(false);
      await Promise.all(uploads);
    }
    lockProbe.close();
    const reports: Array<{ id: number; rawText: string }> = await ds.query(
      `SELECT id, "rawText" FROM report WHERE id <> ${reportId}`,
    );
    // A run that stored nothing, or whose kills cut no upload, proves nothing about half-written
    // reports: the kills must land amid writes.
    expect(reports.length).toBeGreaterThan(0);
    expect(cut).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.filter((id) => !reports.some((report) => Number(report.id) === id))).toEqual([]);
    for (const report of reports) {
      const parsed = parseReport(report.rawText);
      if (!parsed.ok) throw new Error(`stored report ${report.id} does not parse`);
      const count = (items: typeof parsed.items): number => items.reduce((n, item) => n + 1 + count(item.children), 0);
      const [{ n }] = await ds.query(`SELECT COUNT(*) AS n FROM plan_item WHERE "reportId" = ${report.id}`);
      expect({ report: report.id, items: Number(n) }).toEqual({ report: report.id, items: count(parsed.items) });
    }
    const [{ orphans }] = await ds.query(
      'SELECT COUNT(*) AS orphans FROM plan_item p LEFT JOIN report r ON r.id = p."reportId" WHERE r.id IS NULL',
    );
    expect(Number(orphans)).toBe(0);
    figures.push(
      `API SIGKILLed ${kills}× inside an open ingest transaction, 12 uploads in flight → ${cut} uploads cut mid-request, ${reports.length} reports stored (${acknowledged.length} acknowledged, all of them among them), all whole, 0 partial`,
    );
  });

  it('SQLite busy: writes wait out another writer’s lock; past the busy timeout they get 503 and write nothing', async () => {
    const { http } = await startApi();
    const staff = await login(http, world.users.staffA.email);
    const [taskId] = await tasks(1, '2025-12-31', [world.users.staffA.id]);
    const other = new Database((db.config.database as { path: string }).path);
    const comments = async () => Number((other.prepare('SELECT COUNT(*) AS n FROM comment').get() as { n: number }).n);
    const before = await comments();

    other.exec('BEGIN IMMEDIATE');
    const waiting = Array.from({ length: 8 }, (_, i) =>
      staff.post(`/api/tasks/${taskId}/comments`, { body: `并发写入${i}` }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    other.exec('COMMIT');
    expect((await Promise.all(waiting)).map((res) => res.status)).toEqual(Array(8).fill(201));
    expect(await comments()).toBe(before + 8);

    other.exec('BEGIN IMMEDIATE');
    const refused = await staff.post(`/api/tasks/${taskId}/comments`, { body: '锁超时' });
    other.exec('COMMIT');
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ statusCode: 503, messageZh: expect.any(String) });
    expect(await comments()).toBe(before + 8);
    expect((await staff.post(`/api/tasks/${taskId}/comments`, { body: '恢复后写入' })).status).toBe(201);
    other.close();
    figures.push(
      'SQLite write lock held 1.5 s → 8/8 writes waited and succeeded; held past the 5 s busy timeout → 503, nothing written',
    );
  });
});
