import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { lastSweepKey, SWEEP_SCHEDULER_ID } from '@luoshi/queues';
import { InjectRedis, pingRedis } from '@luoshi/platform';
import { InjectQueues, type ApiQueues } from '../queues/queues.module';

/**
 * Whether reminders are really being swept: the job scheduler is in Redis and the last sweep is
 * recent. Degraded (never down: the API still serves) when the scheduler is missing — Redis lost
 * its data and no worker has put it back yet — or the last sweep is older than two intervals.
 */
@Injectable()
export class SweepHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @InjectRedis() private readonly redis: Redis,
    @InjectQueues() private readonly queues: ApiQueues,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async check(key = 'sweep'): Promise<HealthIndicatorResult> {
    const session = this.indicator.check(key);
    const everyMinutes = this.config.reminders.sweepEveryMinutes;
    if (everyMinutes === 0) return session.up({ message: 'automatic sweeps are off (SWEEP_EVERY_MINUTES=0)' });
    try {
      await pingRedis(this.redis);
    } catch {
      return session.degraded({ message: 'unknown while Redis is unreachable' });
    }
    const [scheduler, lastSweep] = await Promise.all([
      this.queues.reminders.getJobScheduler(SWEEP_SCHEDULER_ID),
      this.redis.get(lastSweepKey(this.config.redis.prefix)),
    ]);
    if (!scheduler)
      return session.degraded({
        message:
          'the reminder sweep is not scheduled: no worker has registered it since Redis lost its data (提醒扫描未登记)',
        lastSweep,
      });
    if (lastSweep !== null && Date.now() - Date.parse(lastSweep) > 2 * everyMinutes * 60_000) {
      return session.degraded({
        message: `the last sweep was at ${lastSweep}, more than two intervals ago (提醒扫描已停滞)`,
        lastSweep,
      });
    }
    return session.up({ lastSweep });
  }
}
