import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '@luoshi/db';
import { createTestDatabase, type DatabaseTarget, type TestDatabase } from './test-env';

export interface MigratedDatabase {
  db: TestDatabase;
  ds: DataSource;
  /** Closes the connection and removes the database. */
  close(): Promise<void>;
}

/** A fresh database of the given kind with every migration run, and an open DataSource on it (integration specs). */
export async function openMigratedDatabase(target: DatabaseTarget): Promise<MigratedDatabase> {
  const db = await createTestDatabase(target);
  const ds = createDataSource(db.config.database);
  await ds.initialize();
  await runMigrations(ds);
  return {
    db,
    ds,
    close: async () => {
      await ds.destroy();
      await db.drop();
    },
  };
}
