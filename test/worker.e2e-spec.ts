import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { createTestDatabase, type TestDatabase } from './support/test-env';
import { migrateDatabase, startApi } from './support/test-app';
import { until } from './support/until';

describe('worker process', () => {
  let db: TestDatabase;
  let worker: INestApplicationContext | undefined;
  let api: NestFastifyApplication;
  let baseUrl: string;
  let redis: Redis;

  beforeAll(async () => {
    // JOB_LOCK_SECONDS is also how often a worker checks that the sweep's scheduler is still in Redis.
    db = await createTestDatabase('sqlite', { JOB_LOCK_SECONDS: '2' });
    await migrateDatabase(db.config);
    ({ app: api, baseUrl } = await startApi(db.config));
    redis = new Redis(db.config.redis.url);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    redis?.disconnect();
    await db?.drop();
  });

  async function health(): Promise<{ status: string; details: Record<string, { status: string; alive?: number }> }> {
    return (await (await fetch(`${baseUrl}/api/health`)).json()) as {
      status: string;
      details: Record<string, { status: string; alive?: number }>;
    };
  }

  async function workersHealth(): Promise<{ status: string; alive?: number }> {
    return (await health()).details.workers;
  }

  it('is reported degraded by the API while no worker runs', async () => {
    await expect(workersHealth()).resolves.toMatchObject({ status: 'degraded', alive: 0 });
  });

  it('boots, announces itself in Redis under the configured prefix, and the API counts it', async () => {
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(db.config), { logger: false });
    await worker.init();
    const pattern = `${db.config.redis.prefix}:workers:*`;
    await until(async () => (await redis.keys(pattern)).length > 0, 'the worker to announce itself', 5000);
    await expect(redis.keys(pattern)).resolves.toHaveLength(1);
    await expect(workersHealth()).resolves.toMatchObject({ status: 'up', alive: 1 });
  });

  it('puts the sweep scheduler back by itself after Redis loses its data, and health says degraded meanwhile', async () => {
    await until(
      async () => (await health()).details.sweep.status === 'up',
      'the worker to register the sweep scheduler',
      10_000,
      100,
    );
    // What a Redis restart without persistence, a failover or FLUSHALL does to this deployment: every key gone.
    const keys = await redis.keys(`${db.config.redis.prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    await expect(health()).resolves.toMatchObject({ status: 'degraded', details: { sweep: { status: 'degraded' } } });
    // No sweep is queued by hand: the worker must notice and register the scheduler again.
    await until(
      async () => (await health()).details.sweep.status === 'up',
      'the worker to register the sweep scheduler again',
      15_000,
      100,
    );
  }, 30_000);

  it('removes its heartbeat when it shuts down', async () => {
    await worker!.close();
    worker = undefined;
    await expect(redis.keys(`${db.config.redis.prefix}:workers:*`)).resolves.toHaveLength(0);
  });
});
