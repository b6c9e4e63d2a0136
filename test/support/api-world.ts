import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HttpClient } from './http-client';
import { login, seedWorld, type World } from './seed-users';
import { migrateDatabase, startApi } from './test-app';
import { createTestDatabase, type DatabaseTarget, type TestDatabase } from './test-env';

export interface ApiWorld {
  db: TestDatabase;
  app: NestFastifyApplication;
  http: HttpClient;
  world: World;
  as: Record<keyof World['users'], HttpClient>;
  close(): Promise<void>;
}

/** A migrated scratch database with the test bureaus and users, the real API on it, and everyone logged in. */
export async function bootApiWorld(target: DatabaseTarget, env: Record<string, string> = {}): Promise<ApiWorld> {
  const db = await createTestDatabase(target, env);
  await migrateDatabase(db.config);
  const world = await seedWorld(db.config);
  const { app, baseUrl } = await startApi(db.config);
  const http = new HttpClient(baseUrl);
  const as = {} as ApiWorld['as'];
  try {
    for (const [key, user] of Object.entries(world.users))
      as[key as keyof World['users']] = await login(http, user.email);
  } catch (err) {
    // Never leave an API listening behind a failed set-up: Jest would not exit.
    await app.close();
    await db.drop();
    throw err;
  }
  return {
    db,
    app,
    http,
    world,
    as,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
