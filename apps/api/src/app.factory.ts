import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@luoshi/config';
import { cacheValidationMetadata } from '@luoshi/platform';
import { hasPendingMigrations } from '@luoshi/db';
import { setupAdminGates } from './admin/admin-gate.setup';
import { BULL_BOARD_PATH, setupBullBoard } from './admin/bull-board.setup';
import { AppModule } from './app.module';
import { AppValidationPipe } from './common/app-validation.pipe';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { LIBRARY_ERROR_STATUSES } from './common/error-codes.constants';
import { registerJsonBodyParser } from './common/json-body.parser';
import { registerSecurityHeaders } from './web/security-headers';
import { setupWeb } from './web/web.setup';

/** Thrown at boot when the database has not been migrated. */
export class SchemaOutOfDateError extends Error {
  constructor() {
    super(
      'The database schema is not up to date: run `npx luoshi migrate` first (数据库结构未更新，请先执行 npx luoshi migrate)',
    );
    this.name = 'SchemaOutOfDateError';
  }
}

/** A hop count as Fastify reads one (trust the n nearest hops); the adapter's type has no number. */
function fastifyTrustProxy(
  trust: AppConfig['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/**
 * Builds the API exactly as production runs it (main.ts) and as the e2e tests boot it:
 * Fastify, `/api` prefix, validation, one error shape, OpenAPI at `/docs`, the dashboard at `/`.
 */
export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    // X-Forwarded-For only from the proxies TRUST_PROXY names: believed from anyone, it let any client
    // choose its address and so its own login allowance.
    new FastifyAdapter({ bodyLimit: config.reportMaxBytes * 2, trustProxy: fastifyTrustProxy(config.trustProxy) }),
    // bodyParser off: the JSON parser is ours (registerJsonBodyParser: objects only, bounded depth).
    { bufferLogs: true, bodyParser: false },
  );
  const logger = app.get(Logger);
  app.useLogger(logger);
  if (config.auth.jwtSecretGenerated && config.env !== 'test') {
    logger.warn(
      'JWT_SECRET is not set: using a random secret, so logins end when the API restarts and do not work across several API processes (未设置JWT_SECRET)',
      'Auth',
    );
  }
  registerSecurityHeaders(app.getHttpAdapter().getInstance(), config);
  registerJsonBodyParser(app.getHttpAdapter().getInstance());
  // The e-mail mute page posts an ordinary HTML form (token + button); nothing else takes form bodies.
  await app.register(formbody, { bodyLimit: 4096 });
  await app.register(multipart, {
    limits: { fileSize: config.reportMaxBytes, files: 1, fields: 10, fieldSize: 4096 },
    throwFileSizeLimit: true,
  });
  app.setGlobalPrefix('api');
  cacheValidationMetadata();
  app.useGlobalPipes(new AppValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter(LIBRARY_ERROR_STATUSES));
  app.enableShutdownHooks();

  // Before the pages it guards are registered: a hook applies to the routes declared after it.
  await setupAdminGates(app, config, { always: [BULL_BOARD_PATH], production: ['/docs'] });
  // The document is built on the first request for /docs or /docs/json, not at boot: most
  // processes never serve it, and building it kept every route's schema in memory from the start.
  const docsConfig = new DocumentBuilder()
    .setTitle('luoshi (落实) API')
    .setDescription(
      'Annual rule-of-law reports → plan items → tracked, reminded, audited tasks. Errors: {statusCode, error, message, messageZh}.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, docsConfig), {
    jsonDocumentUrl: 'docs/json',
  });
  await setupBullBoard(app);
  if (!(await setupWeb(app, config.webRoot)) && config.env !== 'test') {
    logger.warn(
      `The web dashboard is not built (${config.webRoot}/index.html is missing): run \`npm run build\`; the API works without it (网页端尚未构建)`,
      'Web',
    );
  }

  await app.init();
  if (await hasPendingMigrations(app.get(DataSource))) {
    await app.close();
    throw new SchemaOutOfDateError();
  }
  return app;
}
