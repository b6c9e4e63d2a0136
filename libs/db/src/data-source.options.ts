import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '@luoshi/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** SQLite waits this long for a competing writer before SQLITE_BUSY surfaces. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** Prepared statements kept per SQLite connection (see the comment at its use). */
export const SQLITE_STATEMENT_CACHE_SIZE = 1000;

/**
 * DataSource options for either driver. Never `synchronize`: the schema comes from migrations.
 * For SQLite the file's folder is created and WAL mode is on, so readers never block the writer.
 */
export function buildDataSourceOptions(database: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'each' as const,
  };
  if (database.type === 'postgres') {
    return { ...common, type: 'postgres', url: database.url };
  }
  if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    enableWAL: true,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    // TypeORM keeps 100 prepared statements first-in first-out; the task list alone has one text
    // per filter shape (IN-list lengths), so under mixed load the hot ones were evicted and
    // re-prepared on every request (BENCHMARKS.md, list).
    statementCacheSize: SQLITE_STATEMENT_CACHE_SIZE,
    prepareDatabase: (db: { pragma(sql: string): unknown; prepare(sql: string): unknown }) => {
      writeTransactionsBeginImmediate(db);
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
      // Temporary tables and indexes (a UNION's distinct rows, IN lists, sorts) in memory rather
      // than behind a temporary file: with the file, every statement that opened one grew and
      // trimmed the heap around it, and the scope's recursive subtree query, asked on most
      // requests, took 55 µs instead of 12 (BENCHMARKS.md, list). What they hold here is small:
      // list sorts are capped by LIMIT, the largest is a migration's index build.
      db.pragma('temp_store = MEMORY');
      // No mmap_size: mapping the file took ~15% off the bare list floor's CPU but nothing we
      // could measure off the API's, and its pages count in RSS (+60 MB under the list load).
    },
  };
}

/**
 * TypeORM opens every SQLite transaction with a deferred `BEGIN TRANSACTION`: it reads first and
 * asks for the write lock at its first write. When another connection (another API process, the
 * worker, the CLI) has committed in between, SQLite cannot upgrade that read snapshot and answers
 * SQLITE_BUSY at once, without waiting the busy timeout — 3 of 8 concurrent uploads failed with
 * API_WORKERS=2. `BEGIN IMMEDIATE` takes the write lock up front, where the busy timeout applies,
 * so concurrent writers wait their turn. TypeORM has no option for it; its query runner prepares
 * the statement through the connection, so the one text is swapped there. Transactions here are
 * for writes (reads run outside them), so taking the write lock early costs nothing.
 */
function writeTransactionsBeginImmediate(db: { prepare(sql: string): unknown }): void {
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string) => prepare(sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE' : sql);
}
