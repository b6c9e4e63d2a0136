import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { LINKING_QUEUE, REMINDERS_QUEUE } from '@luoshi/jobs';
import { InjectRedis, pingRedis } from '@luoshi/platform';

/** Depth and failures of the job queues; degraded (never down) while Redis is unreachable. */
@Injectable()
export class QueuesHealthIndicator implements OnApplicationShutdown {
  private readonly queues: Queue[];

  constructor(
    private readonly indicator: HealthIndicatorService,
    @InjectRedis() private readonly redis: Redis,
    @InjectConfig() config: AppConfig,
  ) {
    this.queues = [REMINDERS_QUEUE, LINKING_QUEUE].map((name) => {
      const queue = new Queue(name, { connection: redis, prefix: config.redis.prefix, skipWaitingForReady: true });
      // Connection errors show in the health result and the Redis client's own log line.
      queue.on('error', () => undefined);
      return queue;
    });
  }

  async check(key = 'queues'): Promise<HealthIndicatorResult> {
    const session = this.indicator.check(key);
    try {
      await pingRedis(this.redis);
    } catch {
      return session.degraded({ message: 'unknown while Redis is unreachable' });
    }
    const counts: Record<string, Record<string, number>> = {};
    for (const q of this.queues) counts[q.name] = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
    return session.up(counts);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
  }
}
