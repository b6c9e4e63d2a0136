import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '@luoshi/config';
import { hasPendingMigrations } from '@luoshi/db';
import { redactUrlCredentials } from '@luoshi/platform';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  if (await hasPendingMigrations(app.get(DataSource))) {
    await app.close();
    throw new Error('The database schema is not up to date: run `npx luoshi migrate` first (数据库结构未更新)');
  }
  await app.init();
  logger.log(
    `luoshi worker started (database: ${config.database.type}, redis: ${redactUrlCredentials(config.redis.url)}, prefix: ${config.redis.prefix})`,
  );
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
