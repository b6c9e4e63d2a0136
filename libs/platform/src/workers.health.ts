import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { InjectRedis } from './redis.module';
import { workerHeartbeatPattern } from './worker-heartbeat.util';

/** Counts worker processes whose heartbeat is fresh. None alive is `degraded`: tasks work, reminders wait. */
@Injectable()
export class WorkersHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @InjectRedis() private readonly redis: Redis,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async check(key = 'workers'): Promise<HealthIndicatorResult> {
    const session = this.indicator.check(key);
    if (this.redis.status !== 'ready')
      return session.degraded({ alive: 0, message: 'unknown while Redis is unreachable' });
    const alive = await this.countAlive();
    return alive > 0
      ? session.up({ alive })
      : session.degraded({ alive, message: 'no worker running: reminders paused' });
  }

  private async countAlive(): Promise<number> {
    let cursor = '0';
    let count = 0;
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        workerHeartbeatPattern(this.config.redis.prefix),
        'COUNT',
        100,
      );
      cursor = next;
      count += keys.length;
    } while (cursor !== '0');
    return count;
  }
}
