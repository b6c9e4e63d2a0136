import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { ChannelDelivery, createDataSource, PlanItem, Reminder, Report } from '@luoshi/db';
import { REMINDERS_QUEUE, SEND_CHANNEL_JOB, SWEEP_JOB } from '@luoshi/queues';
import { sweepReminders } from '@luoshi/reminders';
import { TEST_POSTS_PER_MINUTE } from '../apps/api/src/channels/channels.service';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { bootApiWorld, type ApiWorld } from './support/api-world';
import { ChatSink, type SinkPlatform } from './support/chat-sink';
import { reportRow, taskRow } from './support/rows';
import { SmtpSink } from './support/smtp-sink';
import { eventually, until } from './support/until';

// Monday 2025-06-23, 10:00 in Shanghai: seven days before 2025-06-30.
const AT = '2025-06-23T02:00:00Z';
const SECRETS = {
  dingtalk: 'SECdingtalk-secret-0001',
  feishu: 'feishu-secret-0001',
  webhook: 'webhook-secret-0001',
  wecomKey: 'wecom-key-0001',
};

jest.setTimeout(90_000);

/**
 * Reminders in DingTalk, WeCom, Feishu and signed webhooks, end to end: channels added through the
 * API (sealed, scoped, audited), the real sweep and two real workers on the real Redis, and a local
 * sink that checks every post's signature as each platform documents it.
 */
describe('chat channels with the real Redis, two workers and signature-checking sinks', () => {
  let api: ApiWorld;
  let sink: ChatSink;
  let smtp: SmtpSink;
  let ds: DataSource;
  let queue: Queue;
  let queueConnection: Redis;
  let reportId: number;
  const workers: INestApplicationContext[] = [];

  async function startWorker(): Promise<INestApplicationContext> {
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(api.db.config), { logger: false });
    await worker.init();
    workers.push(worker);
    return worker;
  }

  async function task(title: string, dueDate = '2025-06-30'): Promise<PlanItem> {
    return ds
      .getRepository(PlanItem)
      .save(
        taskRow({ reportId, bureauId: api.world.bureaus.a, title, dueDate }, { assigneeId: api.world.users.staffA.id }),
      );
  }

  /** A bureau A group channel added by the supervisor above it (generic webhooks: by the admin). */
  async function bureauChannel(platform: SinkPlatform, extra: Record<string, unknown> = {}): Promise<number> {
    const secret = platform === 'wecom' ? undefined : SECRETS[platform];
    const client = platform === 'webhook' ? api.as.admin : api.as.supervisor;
    const res = await client.post('/api/channels', {
      platform,
      name: `西湖${platform}群`,
      url: sink.url(platform),
      ...(secret ? { secret } : {}),
      bureauId: api.world.bureaus.a,
      ...extra,
    });
    expect({ platform, status: res.status, text: res.status === 201 ? '' : res.text }).toEqual({
      platform,
      status: 201,
      text: '',
    });
    return res.body.id as number;
  }

  const deliveries = () => ds.getRepository(ChannelDelivery).find({ order: { id: 'ASC' } });

  async function sweepAndDrain(at = AT): Promise<void> {
    await queue.add(SWEEP_JOB, { at }, { removeOnComplete: true, removeOnFail: true });
    await until(async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
      return Object.values(counts).every((n) => n === 0);
    }, 'the reminder queue to drain');
  }

  beforeAll(async () => {
    sink = new ChatSink(SECRETS);
    await sink.start();
    smtp = new SmtpSink();
    const smtpUrl = await smtp.start();
    api = await bootApiWorld('sqlite', {
      CHANNELS_KEY: 'ab'.repeat(32),
      CHANNELS_ALLOW_HOSTS: sink.host,
      SMTP_URL: smtpUrl,
      SWEEP_EVERY_MINUTES: '0',
      PUBLIC_URL: 'https://luoshi.test',
      JOB_LOCK_SECONDS: '5',
    });
    ds = createDataSource(api.db.config.database);
    await ds.initialize();
    reportId = (await ds.getRepository(Report).save(reportRow(api.world.bureaus.a, 'channels'))).id;
    queueConnection = new Redis(api.db.config.redis.url, { maxRetriesPerRequest: null });
    queue = new Queue(REMINDERS_QUEUE, { connection: queueConnection, prefix: api.db.config.redis.prefix });
    await startWorker();
    await startWorker();
  });

  afterEach(async () => {
    await queue.drain(true);
    await ds.getRepository(PlanItem).update({ reportId }, { status: 'closed' });
    await ds.query('DELETE FROM channel_delivery');
    await ds.query('DELETE FROM chat_channel');
    await ds.createQueryBuilder().delete().from(Reminder).execute();
    await ds.query('UPDATE "user" SET "quietFrom" = NULL, "quietTo" = NULL');
    sink.accepted.length = 0;
    sink.refused.length = 0;
    sink.script.length = 0;
    smtp.messages.length = 0;
  });

  afterAll(async () => {
    for (const w of workers) await w.close();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    queueConnection?.disconnect();
    await ds?.destroy();
    await api?.close();
    await sink?.stop();
    await smtp?.stop();
  });

  it('stores URLs and secrets sealed, shows them cut, audits without them, and scopes who sees and keeps what', async () => {
    const id = await bureauChannel('dingtalk');
    const [row] = await ds.query('SELECT * FROM chat_channel WHERE id = ?', [id]);
    expect(JSON.stringify(row)).not.toContain('sink-token');
    expect(JSON.stringify(row)).not.toContain(SECRETS.dingtalk);
    expect(row.urlSealed).toMatch(/^v1\./);
    const audit = await ds.query(`SELECT * FROM audit_event WHERE "entityType" = 'chat_channel'`);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/sink-token|SECdingtalk/);

    const asStaffA = await api.as.staffA.get('/api/channels');
    expect(asStaffA.body.items).toEqual([
      expect.objectContaining({
        id,
        scope: 'bureau',
        hasSecret: true,
        canManage: false,
        platformLabel: '钉钉群机器人',
      }),
    ]);
    expect(asStaffA.text).not.toMatch(/sink-token|SECdingtalk/);
    expect((await api.as.staffB.get('/api/channels')).body).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
    // B's staff cannot tell it exists; A's staff see it but may not change it.
    expect((await api.as.staffB.patch(`/api/channels/${id}`, { mode: 'off' })).status).toBe(404);
    expect((await api.as.staffB.post(`/api/channels/${id}/test`, {})).status).toBe(404);
    expect((await api.as.staffA.delete(`/api/channels/${id}`)).status).toBe(403);
    expect((await api.as.supervisor.patch(`/api/channels/${id}`, { mode: 'digest' })).body.mode).toBe('digest');
  });

  it('refuses every bad channel with a clear message and writes nothing', async () => {
    const audits = `SELECT COUNT(*) AS n FROM audit_event WHERE "entityType" = 'chat_channel'`;
    const auditsBefore = await ds.query(audits);
    const dingtalk = { platform: 'dingtalk', name: '群', url: sink.url('dingtalk'), secret: SECRETS.dingtalk };
    const cases: Array<[string, ReturnType<ApiWorld['as']['admin']['post']>, number, RegExp | null]> = [
      [
        'staff adding a bureau channel',
        api.as.staffA.post('/api/channels', { ...dingtalk, bureauId: api.world.bureaus.a }),
        403,
        /督办人员或管理员/,
      ],
      [
        'staff adding a generic webhook',
        api.as.staffA.post('/api/channels', {
          platform: 'webhook',
          name: 'x',
          url: 'https://hooks.example.org/x',
          secret: 'secret-0001',
        }),
        403,
        /仅管理员/,
      ],
      [
        'a bureau outside the caller’s subtree',
        api.as.supervisor.post('/api/channels', { ...dingtalk, bureauId: api.world.bureaus.b }),
        404,
        null,
      ],
      [
        'a loopback robot URL',
        api.as.admin.post('/api/channels', { ...dingtalk, url: 'https://127.0.0.1/robot/send?access_token=x' }),
        400,
        /oapi\.dingtalk\.com/,
      ],
      [
        'a look-alike host',
        api.as.admin.post('/api/channels', {
          ...dingtalk,
          url: 'https://oapi.dingtalk.com.evil.example/robot/send?access_token=x',
        }),
        400,
        /oapi\.dingtalk\.com/,
      ],
      [
        'a webhook into the network',
        api.as.admin.post('/api/channels', {
          platform: 'webhook',
          name: 'x',
          url: 'https://10.0.0.8/hook',
          secret: 'secret-0001',
        }),
        400,
        /内网/,
      ],
      [
        'a webhook without a secret',
        api.as.admin.post('/api/channels', { platform: 'webhook', name: 'x', url: 'https://hooks.example.org/x' }),
        400,
        /签名密钥/,
      ],
      [
        'a DingTalk secret not from 加签',
        api.as.admin.post('/api/channels', { ...dingtalk, secret: 'not-a-dingtalk-secret' }),
        400,
        /SEC/,
      ],
      [
        'a secret for WeCom',
        api.as.admin.post('/api/channels', {
          platform: 'wecom',
          name: 'x',
          url: sink.url('wecom'),
          secret: 'secret-0001',
        }),
        400,
        /无需签名密钥/,
      ],
      ['an unknown platform', api.as.admin.post('/api/channels', { ...dingtalk, platform: 'slack' }), 400, null],
      [
        'a URL that is an object',
        api.as.admin.post('/api/channels', { ...dingtalk, url: { href: sink.url('dingtalk') } }),
        400,
        null,
      ],
      [
        'a 100,000-character name',
        api.as.admin.post('/api/channels', { ...dingtalk, name: '群'.repeat(100_000) }),
        400,
        null,
      ],
      ['a bureau id as text', api.as.admin.post('/api/channels', { ...dingtalk, bureauId: '1' }), 400, null],
      ['a field no channel has', api.as.admin.post('/api/channels', { ...dingtalk, token: 'x' }), 400, null],
    ];
    for (const [what, call, status, message] of cases) {
      const res = await call;
      expect({ what, status: res.status }).toEqual({ what, status });
      const body = res.body as { messageZh?: string };
      expect({ what, zh: typeof body.messageZh }).toEqual({ what, zh: 'string' });
      if (message)
        expect({ what, messageZh: body.messageZh }).toEqual({ what, messageZh: expect.stringMatching(message) });
    }
    expect(await ds.query('SELECT COUNT(*) AS n FROM chat_channel')).toEqual([{ n: 0 }]);
    expect(await ds.query(audits)).toEqual(auditsBefore);
  });

  it('sends a test message on request, and says in Chinese why a platform refused one', async () => {
    const good = await bureauChannel('feishu');
    const test = await api.as.supervisor.post(`/api/channels/${good}/test`, {});
    expect(test.status).toBe(200);
    expect(test.body).toEqual({ delivered: true, messageZh: '测试消息已送达' });
    expect(sink.of('feishu')).toHaveLength(1);
    expect(JSON.stringify(sink.of('feishu')[0].body)).toContain('测试消息');

    const bad = await bureauChannel('dingtalk', { secret: 'SECsomebody-else-0001' });
    const refused = await api.as.supervisor.post(`/api/channels/${bad}/test`, {});
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'CHANNEL_REJECTED', messageZh: expect.stringContaining('310000') });
  });

  it('lets one user send only a few test posts a minute; others are not held back', async () => {
    const channel = await bureauChannel('wecom');
    const statuses: number[] = [];
    for (let i = 0; i < TEST_POSTS_PER_MINUTE + 2; i++)
      statuses.push((await api.as.admin.post(`/api/channels/${channel}/test`, {})).status);
    expect(statuses).toEqual([...Array(TEST_POSTS_PER_MINUTE).fill(200), 429, 429]);
    const held = await api.as.admin.post(`/api/channels/${channel}/test`, {});
    expect(held.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', messageZh: expect.stringContaining('测试消息') });
    expect(sink.of('wecom')).toHaveLength(TEST_POSTS_PER_MINUTE);
    expect((await api.as.supervisor.post(`/api/channels/${channel}/test`, {})).status).toBe(200);
  });

  it('posts each reminder once per channel, signed as each platform documents, across two sweeps and two workers', async () => {
    for (const platform of ['dingtalk', 'wecom', 'feishu', 'webhook'] as const) await bureauChannel(platform);
    const t = await task('推进行政执法[三项制度](http://x.example)落实');
    await sweepAndDrain();
    await sweepAndDrain();
    expect(sink.refused).toEqual([]);
    for (const platform of ['dingtalk', 'wecom', 'feishu', 'webhook'] as const) {
      const posts = sink.of(platform);
      expect({ platform, posts: posts.length }).toEqual({ platform, posts: 1 });
      expect({ platform, hasDaysLeft: posts[0].raw.includes('还剩7天') }).toEqual({ platform, hasDaysLeft: true });
      // A title cannot add its own link to the markdown luoshi posts in its name.
      const rendered = JSON.stringify(
        platform === 'webhook'
          ? ''
          : platform === 'feishu'
            ? (posts[0].body.card as { elements: unknown }).elements
            : posts[0].body.markdown,
      ).replace(/"title":"[^"]*"/, '');
      expect({ platform, link: rendered.includes('](http://x.example)') }).toEqual({ platform, link: false });
    }
    expect(sink.of('webhook')[0].deliveryId).toMatch(/^luoshi-delivery-\d+$/);
    expect(sink.of('webhook')[0].body).toMatchObject({ data: { kind: 'before', task: { id: t.id, daysLeft: 7 } } });
    // A stray copy of a job (a retry racing a redelivery) finds the post sent and sends nothing.
    const [first] = await deliveries();
    await queue.add(SEND_CHANNEL_JOB, { deliveryId: first.id }, { jobId: `stray-${first.id}`, removeOnComplete: true });
    await sweepAndDrain();
    expect(sink.accepted).toHaveLength(4);
    const detail = await api.as.staffA.get(`/api/tasks/${t.id}`);
    expect(detail.body.channelDeliveries).toHaveLength(4);
    expect(detail.body.channelDeliveries.map((d: { status: string }) => d.status)).toEqual([
      'sent',
      'sent',
      'sent',
      'sent',
    ]);
  });

  it('429 then 200: the post goes once, two attempts recorded', async () => {
    await bureauChannel('webhook');
    sink.script.push({ status: 429, headers: { 'retry-after': '1' } });
    await task('规范行政复议办案程序');
    await sweepAndDrain();
    const [delivery] = await eventually(deliveries, (d) => d[0]?.status === 'sent', 'the post to be sent');
    expect(sink.of('webhook')).toHaveLength(1);
    expect(delivery.attempts).toBe(2);
  });

  it('an invalid signature is not retried: one refused post, the failure and its reason on the task', async () => {
    await bureauChannel('webhook', { secret: 'not-the-receivers-secret' });
    await bureauChannel('feishu', { secret: 'not-feishus-secret-either' });
    const t = await task('完善公共法律服务体系');
    await sweepAndDrain();
    const rows = await eventually(
      deliveries,
      (d) => d.length === 2 && d.every((x) => x.status === 'failed'),
      'both posts to fail',
    );
    expect(rows.map((r) => r.attempts)).toEqual([1, 1]);
    expect(sink.refused.map((r) => r.platform).sort()).toEqual(['feishu', 'webhook']);
    expect(sink.accepted).toEqual([]);
    const detail = await api.as.staffA.get(`/api/tasks/${t.id}`);
    expect(detail.body.channelDeliveries.map((d: { error: string }) => d.error).sort()).toEqual([
      expect.stringContaining('Webhook拒收（HTTP 400）'),
      expect.stringContaining('飞书拒收（19021'),
    ]);
    expect(await queue.getFailed()).toHaveLength(2);
  });

  it('a DingTalk robot takes 20 posts a minute: the rest wait their turn instead of failing', async () => {
    await bureauChannel('dingtalk');
    for (let i = 0; i < 23; i++) await task(`批量事项${i}`);
    await queue.add(SWEEP_JOB, { at: AT }, { removeOnComplete: true });
    await until(() => sink.of('dingtalk').length >= 20, '20 posts to go through');
    await eventually(
      () => queue.getJobCounts('delayed'),
      (c) => c.delayed === 3,
      'three posts to wait for the next minute',
    );
    expect(sink.of('dingtalk')).toHaveLength(20);
    const rows = await deliveries();
    expect(rows.filter((d) => d.status === 'sent')).toHaveLength(20);
    expect(rows.filter((d) => d.status === 'pending')).toHaveLength(3);
    expect(rows.filter((d) => d.status === 'failed')).toHaveLength(0);
  });

  it('quiet hours hold a person’s own posts and e-mails until they end; a bureau group is not held', async () => {
    // A sweep run for a given moment hands that moment to its send jobs, so the worker's quiet-hours
    // check does not depend on the real clock (a wide window here once failed when real time was in it).
    const prefs = await api.as.staffA.put('/api/reminders/preferences', { quietHours: { from: '09:30', to: '11:00' } });
    expect(prefs.body.quietHours).toEqual({ from: '09:30', to: '11:00' });
    const own = await api.as.staffA.post('/api/channels', {
      platform: 'feishu',
      name: '我的飞书',
      url: sink.url('feishu'),
      secret: SECRETS.feishu,
    });
    expect(own.body).toMatchObject({ scope: 'personal', userId: api.world.users.staffA.id });
    await bureauChannel('wecom');
    await task('加强法治宣传教育');
    await sweepAndDrain(); // 10:00: quiet for staffA
    expect(sink.of('wecom')).toHaveLength(1);
    expect(sink.of('feishu')).toHaveLength(0);
    const mails = () => smtp.messages.filter((m) => m.subject.includes('加强法治宣传教育'));
    expect(mails()).toHaveLength(0);
    await sweepAndDrain('2025-06-23T03:30:00Z'); // 11:30
    expect(sink.of('feishu')).toHaveLength(1);
    await until(() => mails().length === 1, 'the held e-mail');
    expect(sink.of('wecom')).toHaveLength(1);
    // Bad quiet hours are refused.
    for (const quietHours of [
      { from: '25:00', to: '08:00' },
      { from: '12:00', to: '12:00' },
      '12-14',
      { from: '12:00' },
    ])
      expect((await api.as.staffA.put('/api/reminders/preferences', { quietHours })).status).toBe(400);
  });

  it('e-mail turned off still reaches a person’s own channel', async () => {
    await api.as.staffA.put('/api/reminders/preferences', { reminderMode: 'off' });
    try {
      await api.as.staffA.post('/api/channels', {
        platform: 'feishu',
        name: '我的飞书',
        url: sink.url('feishu'),
        secret: SECRETS.feishu,
      });
      await task('深化法治政府示范创建');
      await sweepAndDrain();
      expect(sink.of('feishu')).toHaveLength(1);
      expect(smtp.messages.filter((m) => m.subject.includes('深化法治政府示范创建'))).toHaveLength(0);
    } finally {
      await api.as.staffA.put('/api/reminders/preferences', { reminderMode: 'each' });
    }
  });

  it('a channel on the daily digest gets one post listing every task', async () => {
    await bureauChannel('dingtalk', { mode: 'digest' });
    for (const title of ['事项甲', '事项乙', '事项丙']) await task(title);
    await sweepAndDrain();
    await sweepAndDrain();
    expect(sink.of('dingtalk')).toHaveLength(1);
    const text = sink.of('dingtalk')[0].raw;
    expect(['事项甲', '事项乙', '事项丙', '待办提醒：3项'].every((s) => text.includes(s))).toBe(true);
    expect((await deliveries()).map((d) => d.status).sort()).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('Redis losing its data: the next sweep queues what was still owed, and nothing goes twice', async () => {
    await bureauChannel('wecom');
    await bureauChannel('webhook');
    await task('推进行政规范性文件备案审查');
    await sweepAndDrain();
    expect(sink.accepted).toHaveLength(2);
    // A sweep writes two more posts, then Redis loses everything before any job reaches a worker.
    for (const w of workers.splice(0)) await w.close();
    await task('健全行政执法监督机制');
    await sweepReminders(ds, new Date(AT));
    const keys = await queueConnection.keys(`${api.db.config.redis.prefix}:*`);
    if (keys.length > 0) await queueConnection.del(...keys);
    expect((await deliveries()).map((d) => d.status)).toEqual(['sent', 'sent', 'pending', 'pending']);
    await startWorker();
    await startWorker();
    await sweepAndDrain();
    await until(() => sink.accepted.length === 4, 'the posts still owed to go out');
    expect((await deliveries()).every((d) => d.status === 'sent')).toBe(true);
    expect(new Set(sink.of('webhook').map((p) => p.deliveryId)).size).toBe(2);
  });
});
