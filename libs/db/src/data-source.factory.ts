import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '@luoshi/config';
import { buildDataSourceOptions } from './data-source.options';
import { withTransactionTurns } from './sqlite-transaction-turns';

/** A DataSource for either driver; on SQLite its transactions take turns (withTransactionTurns). */
export function createDataSource(database: DatabaseConfig): DataSource {
  return withTransactionTurns(new DataSource(buildDataSourceOptions(database)));
}

export interface MigrationRun {
  /** Names of the migrations this run applied; empty when the schema was already current. */
  applied: string[];
}

/** Applies pending migrations, each in its own transaction. Running it again is a no-op. */
export async function runMigrations(dataSource: DataSource): Promise<MigrationRun> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return { applied: applied.map((m) => m.name) };
}

/** True when migrations exist that the database has not applied yet. */
export async function hasPendingMigrations(dataSource: DataSource): Promise<boolean> {
  return dataSource.showMigrations();
}
