import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@luoshi/config';
import { createDataSource, PlanItem, Reminder, Report, User } from '@luoshi/db';
import { REMINDERS_QUEUE, SWEEP_JOB } from '@luoshi/queues';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { seedWorld, type World } from './support/seed-users';
import { SmtpSink } from './support/smtp-sink';
import { until } from './support/until';
import { migrateDatabase } from './support/test-app';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from './support/test-env';

// Monday 2025-06-23, 10:00 in Shanghai: seven days before 2025-06-30.
const AT = '2025-06-23T02:00:00Z';

jest.setTimeout(60_000);

describe('reminders with the real Redis and a real SMTP server', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let world: World;
  let sink: SmtpSink;
  let config: AppConfig;
  let queue: Queue;
  let queueConnection: Redis;
  const workers: INestApplicationContext[] = [];
  let reportId: number;

  async function startWorker(overrides: Partial<AppConfig> = {}): Promise<INestApplicationContext> {
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...config, ...overrides }), {
      logger: false,
    });
    await worker.init();
    workers.push(worker);
    return worker;
  }

  async function stopWorker(worker: INestApplicationContext): Promise<void> {
    workers.splice(workers.indexOf(worker), 1);
    await worker.close();
  }

  async function task(title: string, dueDate: string, extra: Partial<PlanItem> = {}): Promise<PlanItem> {
    return ds.getRepository(PlanItem).save({
      reportId,
      bureauId: world.bureaus.a,
      planYear: 2025,
      path: title,
      title,
      body: title,
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
      assigneeId: world.users.staffA.id,
      parentId: null,
      ...extra,
    } as Partial<PlanItem>);
  }

  async function sweepAndDrain(at = AT, q: Queue = queue): Promise<void> {
    await q.add(SWEEP_JOB, { at }, { removeOnComplete: true, removeOnFail: true });
    await until(async () => {
      const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    }, 'the reminder queue to drain');
  }

  const reminders = () => ds.getRepository(Reminder).find({ order: { id: 'ASC' } });

  beforeAll(async () => {
    sink = new SmtpSink();
    const smtpUrl = await sink.start();
    db = await createTestDatabase('sqlite', {
      SMTP_URL: smtpUrl,
      SWEEP_EVERY_MINUTES: '0',
      PUBLIC_URL: 'https://luoshi.test',
    });
    config = db.config;
    await migrateDatabase(config);
    world = await seedWorld(config);
    ds = createDataSource(config.database);
    await ds.initialize();
    reportId = (
      await ds.getRepository(Report).save({
        bureauId: world.bureaus.a,
        reportYear: 2024,
        planYear: 2025,
        title: null,
        publishDate: null,
        sourceUrl: null,
        contentHash: 'r',
        revision: 1,
        encoding: 'utf-8',
        rawText: 't',
        parserVersion: '1',
        sections: [],
        warnings: [],
      })
    ).id;
    queueConnection = new Redis(config.redis.url, { maxRetriesPerRequest: null });
    queue = new Queue(REMINDERS_QUEUE, { connection: queueConnection, prefix: config.redis.prefix });
  });

  afterEach(async () => {
    sink.messages.length = 0;
    sink.refusals = [];
    await ds.getRepository(PlanItem).update({ reportId }, { status: 'closed' });
    await ds.createQueryBuilder().delete().from(Reminder).execute();
    await ds.createQueryBuilder().delete().from('reminder_mute').execute();
  });

  afterAll(async () => {
    for (const w of [...workers]) await stopWorker(w);
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    queueConnection?.disconnect();
    await ds?.destroy();
    await db?.drop();
    await sink?.stop();
  });

  it('sends a task due in 7 days exactly one 7-day reminder across two sweeps, a restart and two workers', async () => {
    const t = await task('提升行政复议工作质效', '2025-06-30');
    const first = await startWorker();
    await sweepAndDrain();
    await sweepAndDrain();
    await stopWorker(first);
    const a = await startWorker();
    const b = await startWorker();
    await Promise.all([sweepAndDrain(), sweepAndDrain()]);
    await stopWorker(a);
    await stopWorker(b);
    expect(sink.messages).toHaveLength(1);
    const [mail] = sink.messages;
    expect(mail.to).toEqual([world.users.staffA.email]);
    expect(mail.subject).toBe('【落实提醒】提升行政复议工作质效（距完成时限还有7天）');
    expect(mail.text).toContain('完成时限：2025-06-30');
    expect(mail.text).toContain(`https://luoshi.test/tasks/${t.id}`);
    expect(mail.text).toMatch(/https:\/\/luoshi\.test\/api\/reminders\/mute\?token=\S+/);
    expect((await reminders()).map((r) => [r.key, r.status, r.attempts])).toEqual([['before-7', 'sent', 1]]);
  });

  it('sends every reminder of a batch once when the worker stops mid-batch and another takes over', async () => {
    for (let i = 0; i < 12; i++) await task(`批量事项${i}`, '2025-06-30', { assigneeId: world.users.staffA2.id });
    const connectionsBefore = sink.connections;
    await ds.getRepository(User).update({ id: world.users.staffA2.id }, { reminderMode: 'each' });
    const first = await startWorker({ reminders: { ...config.reminders, weeklyCap: 100 } });
    await queue.add(SWEEP_JOB, { at: AT }, { removeOnComplete: true });
    await until(() => sink.messages.length >= 3, 'the first e-mails');
    await stopWorker(first);
    const second = await startWorker({ reminders: { ...config.reminders, weeklyCap: 100 } });
    await sweepAndDrain();
    await stopWorker(second);
    expect(sink.messages).toHaveLength(12);
    expect(new Set(sink.messages.map((m) => m.subject)).size).toBe(12);
    // Pooled: each worker opens at most its two SMTP connections, not one per e-mail.
    expect(sink.connections - connectionsBefore).toBeLessThanOrEqual(4);
  });

  it('retries after 451 twice and delivers once, recording the attempts', async () => {
    await task('加强法律援助服务保障', '2025-06-30');
    sink.refusals = [451, 451];
    const w = await startWorker();
    await sweepAndDrain();
    await stopWorker(w);
    expect(sink.messages).toHaveLength(1);
    expect((await reminders()).map((r) => [r.status, r.attempts])).toEqual([['sent', 3]]);
  });

  it('gives up at once on 550 and records the failure on the task', async () => {
    const t = await task('深化基层依法治理', '2025-06-30');
    sink.refusals = [550];
    const w = await startWorker();
    await sweepAndDrain();
    await stopWorker(w);
    expect(sink.messages).toHaveLength(0);
    const [r] = await reminders();
    expect(r).toMatchObject({ planItemId: t.id, status: 'failed', attempts: 1 });
    expect(r.error).toContain('Mailbox unavailable');
  });

  it('reschedules when the due date moves, cancels when the task is done, and stops when muted', async () => {
    const moved = await task('推进精准普法', '2025-06-30');
    const done = await task('完成示范村复核', '2025-06-30');
    const muted = await task('建成线上普法资源库', '2025-06-30');
    await ds
      .query('INSERT INTO reminder_mute ("userId", "planItemId") VALUES (?, ?)', [world.users.staffA.id, muted.id])
      .catch(() =>
        ds.query('INSERT INTO reminder_mute ("userId", "planItemId") VALUES ($1, $2)', [
          world.users.staffA.id,
          muted.id,
        ]),
      );
    await ds.getRepository(PlanItem).update({ id: moved.id }, { dueDate: '2025-07-23' });
    await ds.getRepository(PlanItem).update({ id: done.id }, { status: 'closed' });
    const w = await startWorker();
    await sweepAndDrain();
    await stopWorker(w);
    expect(sink.messages.map((m) => m.subject)).toEqual(['【落实提醒】推进精准普法（距完成时限还有30天）']);
  });

  it("reminds bureaus without last year's report before 1 March, and sends supervisors the list", async () => {
    const w = await startWorker();
    // Monday 2025-02-17, within the 14 days before the statutory deadline of 2025-03-01.
    await sweepAndDrain('2025-02-17T02:00:00Z');
    await sweepAndDrain('2025-02-17T02:00:00Z');
    await stopWorker(w);
    const byRecipient = Object.fromEntries(sink.messages.map((m) => [m.to[0], m]));
    expect(Object.keys(byRecipient).sort()).toEqual([world.users.staffB.email, world.users.supervisor.email].sort());
    expect(byRecipient[world.users.staffB.email].subject).toBe(
      '【年报提醒】成都市武侯区人民政府2024年度法治政府建设报告请于2025-03-01前发布',
    );
    expect(byRecipient[world.users.supervisor.email].subject).toBe(
      '【年报督办】1个单位尚未发布2024年度法治政府建设报告',
    );
    expect(byRecipient[world.users.supervisor.email].text).toContain('杭州市司法局');
  });

  it('sends one digest e-mail for many tasks to a person who chose the digest', async () => {
    await ds.getRepository(User).update({ id: world.users.staffA.id }, { reminderMode: 'digest' });
    for (const title of ['事项甲', '事项乙', '事项丙']) await task(title, '2025-06-30');
    const w = await startWorker();
    await sweepAndDrain();
    await stopWorker(w);
    await ds.getRepository(User).update({ id: world.users.staffA.id }, { reminderMode: 'each' });
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0].subject).toBe('【落实汇总】2025-06-23 共3项待办');
    for (const title of ['事项甲', '事项乙', '事项丙']) expect(sink.messages[0].text).toContain(title);
  });

  it('sends the reminders missed while Redis was down once it is back', async () => {
    const port = 17000 + Math.floor(Math.random() * 1000);
    const startRedis = (): ChildProcess =>
      spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
    const ping = async (client: Redis) =>
      (await Promise.race([client.ping().catch(() => ''), new Promise((r) => setTimeout(() => r(''), 200))])) ===
      'PONG';
    let redis = startRedis();
    const url = `redis://127.0.0.1:${port}`;
    const probe = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 100, enableOfflineQueue: false });
    probe.on('error', () => undefined);
    await until(() => ping(probe), 'the spare Redis to start');
    const redisConfig = { ...config.redis, url, prefix: uniqueRedisPrefix('outage') };
    const w = await startWorker({ redis: redisConfig });
    await task('行政应诉工作', '2025-06-30');
    // Redis stops for the sweep window: no sweep can be queued, so nothing is sent — or lost.
    redis.kill('SIGKILL');
    await new Promise((r) => redis.once('exit', r));
    await until(async () => !(await ping(probe)), 'Redis to be down');
    expect(sink.messages).toHaveLength(0);
    redis = startRedis();
    await until(() => ping(probe), 'Redis to come back');
    const q = new Queue(REMINDERS_QUEUE, { connection: probe, prefix: redisConfig.prefix });
    q.on('error', () => undefined);
    try {
      await sweepAndDrain(AT, q);
      await sweepAndDrain(AT, q);
      expect(sink.messages.map((m) => m.subject)).toEqual(['【落实提醒】行政应诉工作（距完成时限还有7天）']);
    } finally {
      await stopWorker(w);
      await q.close();
      probe.disconnect();
      redis.kill('SIGKILL');
    }
  });
});
