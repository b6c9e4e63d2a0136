import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { hostname } from 'node:os';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { InjectRedis, workerHeartbeatKey } from '@luoshi/platform';

const BEAT_EVERY_MS = 10_000;
const BEAT_TTL_S = 30;

/**
 * Publishes "this worker is alive" in Redis with a TTL, so the API's health endpoint can count
 * live workers without the worker running an HTTP server.
 */
@Injectable()
export class WorkerHeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHeartbeatService.name);
  private readonly key: string;
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectRedis() private readonly redis: Redis,
    @InjectConfig() config: AppConfig,
  ) {
    this.key = workerHeartbeatKey(config.redis.prefix, `${hostname()}:${process.pid}`);
  }

  onApplicationBootstrap(): void {
    // Beat as soon as the connection is ready (at boot and after every outage), then on a timer.
    this.redis.on('ready', this.onReady);
    void this.beat();
    this.timer = setInterval(() => void this.beat(), BEAT_EVERY_MS);
    this.timer.unref();
  }

  private readonly onReady = (): void => void this.beat();

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.redis.off('ready', this.onReady);
    if (this.redis.status === 'ready') await this.redis.del(this.key).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    // While Redis is down a SET would only queue up; the 'ready' handler beats on reconnect.
    if (!['ready', 'connect', 'connecting', 'wait'].includes(this.redis.status)) return;
    try {
      await this.redis.set(this.key, new Date().toISOString(), 'EX', BEAT_TTL_S);
    } catch (err) {
      this.logger.warn(`heartbeat failed: ${(err as Error).message}`);
    }
  }
}
