import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { InjectRedis, pingRedis } from '@luoshi/platform';
import { InjectQueues, type ApiQueues } from '../queues/queues.module';

/** Depth and failures of the job queues; degraded (never down) while Redis is unreachable. */
@Injectable()
export class QueuesHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @InjectRedis() private readonly redis: Redis,
    @InjectQueues() private readonly queues: ApiQueues,
  ) {}

  async check(key = 'queues'): Promise<HealthIndicatorResult> {
    const session = this.indicator.check(key);
    try {
      await pingRedis(this.redis);
    } catch {
      return session.degraded({ message: 'unknown while Redis is unreachable' });
    }
    const counts: Record<string, Record<string, number>> = {};
    for (const [name, q] of Object.entries(this.queues))
      counts[name] = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
    return session.up(counts);
  }
}
