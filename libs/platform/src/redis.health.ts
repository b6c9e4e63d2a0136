import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { pingRedis } from './redis.client';
import { InjectRedis } from './redis.module';

/**
 * Redis health. Redis down is `degraded`, not `down`: the API and the database keep serving,
 * only reminders wait (they catch up when Redis returns), so the process must stay in rotation.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  async check(key = 'redis'): Promise<HealthIndicatorResult> {
    const session = this.indicator.check(key);
    try {
      return session.up({ latencyMs: await pingRedis(this.redis) });
    } catch (err) {
      return session.degraded({ message: `Redis unreachable: ${(err as Error).message}; reminders paused` });
    }
  }
}
