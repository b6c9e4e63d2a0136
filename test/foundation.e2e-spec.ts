import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SchemaOutOfDateError, createApiApp } from '../apps/api/src/app.factory';
import { createTestDatabase, databaseTargets, type TestDatabase } from './support/test-env';
import { migrateDatabase, startApi } from './support/test-app';

describe.each(databaseTargets())('API foundation on %s', (target) => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let baseUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase(target);
    await migrateDatabase(db.config);
    ({ app, baseUrl } = await startApi(db.config));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('GET /api/health', () => {
    it('reports the database and Redis up with 200', async () => {
      const res = await fetch(`${baseUrl}/api/health`);
      const body = (await res.json()) as { details: Record<string, Record<string, unknown>> };
      expect(res.status).toBe(200);
      expect(body.details.database.status).toBe('up');
      expect(body.details.redis.status).toBe('up');
      expect(body.details.workers).toBeDefined();
      expect(body.details.queues).toMatchObject({
        status: 'up',
        reminders: { waiting: 0, failed: 0 },
        linking: { active: 0 },
      });
    });
  });

  describe('GET /docs', () => {
    it('serves the OpenAPI document and the Swagger UI', async () => {
      const json = await fetch(`${baseUrl}/docs/json`);
      expect(json.status).toBe(200);
      const doc = (await json.json()) as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toContain('/api/health');
      const ui = await fetch(`${baseUrl}/docs`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger');
    });
  });

  describe('OpenAPI', () => {
    it('documents every route with a summary, and the errors of every non-public route', async () => {
      const doc = (await (await fetch(`${baseUrl}/docs/json`)).json()) as {
        paths: Record<
          string,
          Record<string, { summary?: string; responses: Record<string, unknown>; security?: unknown[] }>
        >;
        components: { schemas: Record<string, unknown> };
      };
      const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
      );
      expect(operations.length).toBeGreaterThan(25);
      for (const { route, op } of operations) {
        if (route === 'GET /api/health') continue;
        expect({ route, summary: typeof op.summary }).toEqual({ route, summary: 'string' });
        expect({ route, errors: Object.keys(op.responses).some((status) => /^4\d\d$/.test(status)) }).toEqual({
          route,
          errors: true,
        });
      }
      expect(Object.keys(doc.components.schemas)).toEqual(
        expect.arrayContaining(['ApiErrorDto', 'TaskDetailDto', 'TransitionDto', 'IngestResponseDto']),
      );
    });
  });

  describe('errors', () => {
    it('answers an unknown route with 404 in the one error shape, Chinese included', async () => {
      const res = await fetch(`${baseUrl}/api/no-such-thing`);
      expect(res.status).toBe(404);
      await expect(res.json()).resolves.toEqual({
        statusCode: 404,
        error: 'Not Found',
        code: 'NOT_FOUND',
        message: expect.any(String),
        messageZh: '未找到请求的资源',
      });
    });
  });

  describe('boot', () => {
    it('refuses to start on a database that was not migrated', async () => {
      const empty = await createTestDatabase(target);
      try {
        await expect(createApiApp(empty.config)).rejects.toBeInstanceOf(SchemaOutOfDateError);
      } finally {
        await empty.drop();
      }
    });
  });
});
