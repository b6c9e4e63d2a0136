import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import {
  JOB_HANDLERS_REQUIRED,
  REMINDERS_QUEUE,
  SEND_CHANNEL_JOB,
  SEND_EMAIL_JOB,
  SWEEP_JOB,
  SWEEP_SCHEDULER_ID,
  channelJobId,
  emailJobId,
  lastSweepKey,
  type SendChannelPayload,
  type SendEmailPayload,
} from '@luoshi/queues';
import {
  ChannelPostError,
  ChannelSender,
  DEFAULT_SWEEP,
  ReminderMailer,
  isPermanentSmtpError,
  sweepReminders,
  type SweepSettings,
} from '@luoshi/reminders';
import { resolveSecretKey } from '@luoshi/chat-channels';
import { createWorkerConnection } from '@luoshi/platform';

const SWEEP_LOCK_MS = 10 * 60_000;
export const EMAIL_ATTEMPTS = 6;
/** Chat posts: 1, 2, 4, 8, 16 s apart, or what the platform asked for (Retry-After, rate limits). */
export const CHANNEL_ATTEMPTS = 6;
const CHANNEL_BACKOFF = 'chat-channel';
/** Jobs one worker runs at once, and the pooled SMTP connections they share. */
const CONCURRENCY = 4;
const SMTP_CONNECTIONS = 2;

/**
 * A sliding one-minute window per chat channel: grants a post (0) while fewer than ARGV[2] went in
 * the last 60 s, else answers how many ms until the oldest leaves the window. Atomic in Redis, so
 * every worker shares it; if Redis loses it, the platform's own limit answer is retried instead.
 */
const RATE_WINDOW = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, tonumber(ARGV[1]) - 60000)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
  redis.call('PEXPIRE', KEYS[1], 61000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + 60000 - tonumber(ARGV[1])`;

/** Releases the lock only if this sweep still holds it (another may hold it after expiry). */
const RELEASE_LOCK =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export interface SweepJobData {
  /** ISO instant to sweep as of (manual runs and tests); the current time when absent. */
  at?: string;
}

/**
 * The reminder jobs: the sweep (repeated by a job scheduler, one at a time under a Redis lock)
 * writes what is owed and queues one e-mail job per reminder; the e-mail job sends it once.
 * Transient SMTP failures retry with exponential backoff; permanent ones stop at once.
 */
@Injectable()
export class RemindersProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RemindersProcessor.name);
  private connection?: Redis;
  private worker?: Worker;
  private queue?: Queue;
  private transport?: Transporter;
  private mailer?: ReminderMailer;
  private channels?: ChannelSender;
  private schedulerTimer?: NodeJS.Timeout;
  /** The scheduler check in flight: the first 'ready' and the start-up call must not both register it. */
  private schedulerCheck?: Promise<boolean>;
  private readonly handlers: Record<string, (job: Job, token?: string) => Promise<unknown>> = {
    [SWEEP_JOB]: (job) => this.sweep(job.data as SweepJobData),
    [SEND_EMAIL_JOB]: (job) => this.send(job),
    [SEND_CHANNEL_JOB]: (job, token) => this.post(job, token),
  };

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  private get settings(): SweepSettings {
    const r = this.config.reminders;
    return { ...DEFAULT_SWEEP, offsets: r.offsets, weeklyCap: r.weeklyCap, workingHours: r.workingHours };
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const { queue, job } of JOB_HANDLERS_REQUIRED) {
      if (queue === REMINDERS_QUEUE && !this.handlers[job]) throw new Error(`no handler for ${queue}/${job}`);
    }
    this.connection = createWorkerConnection(this.config.redis);
    const options = { connection: this.connection, prefix: this.config.redis.prefix };
    this.queue = new Queue(REMINDERS_QUEUE, options);
    this.queue.on('error', (err) => this.logger.warn(`reminders queue: ${err.message}`));
    // The URL goes inside the options object: as a bare first argument, the options beside it
    // would be taken as message defaults and every e-mail would open its own SMTP connection.
    // Settings in the URL's query (e.g. ?pool=false) still win over these.
    this.transport = createTransport({ url: this.config.mail.smtpUrl, pool: true, maxConnections: SMTP_CONNECTIONS });
    this.mailer = new ReminderMailer(this.dataSource, this.transport, {
      from: this.config.mail.from,
      publicUrl: this.config.publicUrl,
      secret: this.config.auth.jwtSecret,
    });
    this.channels = new ChannelSender(this.dataSource, {
      publicUrl: this.config.publicUrl,
      key: resolveSecretKey({
        channelsKey: this.config.channels.key,
        jwtSecret: this.config.auth.jwtSecret,
        jwtSecretGenerated: this.config.auth.jwtSecretGenerated,
      }),
      allowHosts: this.config.channels.allowHosts,
    });
    this.worker = new Worker(
      REMINDERS_QUEUE,
      async (job, token) => {
        const handler = this.handlers[job.name];
        if (!handler) throw new UnrecoverableError(`unknown job ${job.name}`);
        return handler(job, token);
      },
      {
        ...options,
        settings: {
          backoffStrategy: (attemptsMade: number, type?: string, err?: Error) => {
            if (type !== CHANNEL_BACKOFF) return 1000 * 2 ** Math.max(0, attemptsMade - 1);
            const asked = err instanceof ChannelPostError ? err.retryAfterMs : undefined;
            return asked ?? Math.min(1000 * 2 ** Math.max(0, attemptsMade - 1), 60_000);
          },
        },
        concurrency: CONCURRENCY,
        lockDuration: this.config.jobLockSeconds * 1000,
        stalledInterval: this.config.jobLockSeconds * 1000,
      },
    );
    this.worker.on('error', (err) => this.logger.warn(`reminders worker: ${err.message}`));
    if (this.config.reminders.sweepEveryMinutes === 0) return;
    // The scheduler lives in Redis, so it is lost with Redis's data (a restart without persistence,
    // a failover, FLUSHALL): registered once, no sweep would ever run again. It is put back on every
    // (re)connection and checked every JOB_LOCK_SECONDS, the time this worker takes to notice trouble.
    this.connection.on('ready', () => void this.ensureScheduler());
    this.schedulerTimer = setInterval(() => void this.ensureScheduler(), this.config.jobLockSeconds * 1000);
    this.schedulerTimer.unref();
    void this.ensureScheduler();
  }

  /** Registers the sweep's job scheduler when Redis does not have it (never twice: the upsert is keyed by id). */
  ensureScheduler(): Promise<boolean> {
    this.schedulerCheck ??= this.registerSchedulerIfMissing().finally(() => (this.schedulerCheck = undefined));
    return this.schedulerCheck;
  }

  private async registerSchedulerIfMissing(): Promise<boolean> {
    try {
      if (await this.queue!.getJobScheduler(SWEEP_SCHEDULER_ID)) return false;
      await this.queue!.upsertJobScheduler(
        SWEEP_SCHEDULER_ID,
        { every: this.config.reminders.sweepEveryMinutes * 60_000 },
        { name: SWEEP_JOB, data: {} },
      );
      this.logger.log('registered the reminder sweep scheduler (提醒扫描计划已登记)');
      return true;
    } catch (err) {
      // Redis is away: the next 'ready' or check registers it.
      this.logger.warn(`could not register the sweep scheduler: ${(err as Error).message}`);
      return false;
    }
  }

  /** One sweep at a time across every worker; e-mail jobs carry only the reminder id. */
  async sweep(data: SweepJobData): Promise<{ queued: number; locked?: boolean }> {
    const lockKey = `${this.config.redis.prefix}:lock:reminder-sweep`;
    const token = randomUUID();
    if ((await this.connection!.set(lockKey, token, 'PX', SWEEP_LOCK_MS, 'NX')) !== 'OK')
      return { queued: 0, locked: true };
    try {
      const result = await sweepReminders(this.dataSource, data.at ? new Date(data.at) : new Date(), this.settings);
      if (result.calendarMissing.length > 0)
        this.logger.warn(
          `no holiday data for ${result.calendarMissing.join(', ')}: reminders fall back to Monday–Friday until an admin enters that year's holidays (${result.calendarMissing.join('、')}年节假日数据缺失，提醒暂按周一至周五计算，请管理员录入)`,
        );
      if (result.quiet > 0)
        this.logger.log(`${result.quiet} reminders wait for their recipients' quiet hours to end (免打扰时段)`);
      await this.queue!.addBulk([
        ...result.toSend.map((reminderId) => ({
          name: SEND_EMAIL_JOB,
          data: { reminderId } satisfies SendEmailPayload,
          opts: {
            jobId: emailJobId({ reminderId }),
            attempts: EMAIL_ATTEMPTS,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: true,
            removeOnFail: 1000,
          },
        })),
        ...result.channelsToSend.map((deliveryId) => ({
          name: SEND_CHANNEL_JOB,
          data: (data.at ? { deliveryId, at: data.at } : { deliveryId }) satisfies SendChannelPayload,
          opts: {
            jobId: channelJobId({ deliveryId }),
            attempts: CHANNEL_ATTEMPTS,
            backoff: { type: CHANNEL_BACKOFF },
            removeOnComplete: true,
            removeOnFail: 1000,
          },
        })),
      ]);
      await this.connection!.set(lastSweepKey(this.config.redis.prefix), new Date().toISOString());
      return { queued: result.toSend.length + result.channelsToSend.length };
    } finally {
      await this.connection!.eval(RELEASE_LOCK, 1, lockKey, token).catch(() => undefined);
    }
  }

  private async send(job: Job): Promise<string> {
    const { reminderId } = job.data as SendEmailPayload;
    if (!Number.isInteger(reminderId)) throw new UnrecoverableError(`bad payload ${JSON.stringify(job.data)}`);
    const attempt = job.attemptsMade + 1;
    try {
      return await this.mailer!.deliver(reminderId, attempt);
    } catch (err) {
      const permanent = isPermanentSmtpError(err);
      const final = permanent || attempt >= (job.opts.attempts ?? 1);
      await this.mailer!.recordFailure(reminderId, attempt, err, final);
      if (permanent) throw new UnrecoverableError(`permanent SMTP failure: ${(err as Error).message}`);
      throw err;
    }
  }

  /** One chat post; waits its turn in the channel's per-minute window, and never retries a refusal. */
  private async post(job: Job, token?: string): Promise<string> {
    const { deliveryId, at } = job.data as SendChannelPayload;
    const quietAt = at === undefined ? new Date() : new Date(at);
    if (!Number.isInteger(deliveryId) || Number.isNaN(quietAt.getTime()))
      throw new UnrecoverableError(`bad payload ${JSON.stringify(job.data)}`);
    const attempt = job.attemptsMade + 1;
    let outcome;
    try {
      outcome = await this.channels!.deliver(
        deliveryId,
        attempt,
        (channelId, perMinute) => this.rateGate(channelId, perMinute, job),
        quietAt,
      );
    } catch (err) {
      // Only a refusal is final; anything else (the database away, a bug) is retried like a network error.
      const permanent = err instanceof ChannelPostError && err.permanent;
      const final = permanent || attempt >= (job.opts.attempts ?? 1);
      await this.channels!.recordFailure(deliveryId, attempt, err, final);
      if (permanent) throw new UnrecoverableError((err as Error).message);
      throw err;
    }
    if (outcome.kind === 'throttled') {
      await job.moveToDelayed(Date.now() + outcome.waitMs + Math.floor(Math.random() * 250), token);
      throw new DelayedError();
    }
    return outcome.kind;
  }

  private async rateGate(channelId: number, perMinute: number, job: Job): Promise<number> {
    const key = `${this.config.redis.prefix}:channel-rate:${channelId}`;
    const now = Date.now();
    const wait = await this.connection!.eval(RATE_WINDOW, 1, key, now, perMinute, `${job.id}:${now}:${randomUUID()}`);
    return Math.max(0, Number(wait));
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.schedulerTimer);
    await this.worker?.close();
    await this.queue?.close();
    this.transport?.close();
    this.connection?.disconnect();
  }
}
