import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@luoshi/config';
import { createDataSource, runMigrations } from '@luoshi/db';
import { createApiApp } from '../../apps/api/src/app.factory';

/** Applies every migration to the configured database. */
export async function migrateDatabase(config: AppConfig): Promise<void> {
  const dataSource = createDataSource(config.database);
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Boots the real API (same factory as main.ts) on a loopback port and returns it with its base URL. */
export async function startApi(config: AppConfig): Promise<{ app: NestFastifyApplication; baseUrl: string }> {
  const app = await createApiApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('API did not bind a TCP port');
  return { app, baseUrl: `http://127.0.0.1:${address.port}` };
}
