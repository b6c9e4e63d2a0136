import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { createTestDatabase, type TestDatabase } from './support/test-env';
import { migrateDatabase, startApi } from './support/test-app';

describe('worker process', () => {
  let db: TestDatabase;
  let worker: INestApplicationContext | undefined;
  let api: NestFastifyApplication;
  let baseUrl: string;
  let redis: Redis;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
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

  async function workersHealth(): Promise<{ status: string; alive: number }> {
    const body = (await (await fetch(`${baseUrl}/api/health`)).json()) as { details: { workers: { status: string; alive: number } } };
    return body.details.workers;
  }

  it('is reported degraded by the API while no worker runs', async () => {
    await expect(workersHealth()).resolves.toMatchObject({ status: 'degraded', alive: 0 });
  });

  it('boots, announces itself in Redis under the configured prefix, and the API counts it', async () => {
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(db.config), { logger: false });
    await worker.init();
    const pattern = `${db.config.redis.prefix}:workers:*`;
    for (let i = 0; i < 50 && (await redis.keys(pattern)).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await expect(redis.keys(pattern)).resolves.toHaveLength(1);
    await expect(workersHealth()).resolves.toMatchObject({ status: 'up', alive: 1 });
  });

  it('removes its heartbeat when it shuts down', async () => {
    await worker!.close();
    worker = undefined;
    await expect(redis.keys(`${db.config.redis.prefix}:workers:*`)).resolves.toHaveLength(0);
  });
});
