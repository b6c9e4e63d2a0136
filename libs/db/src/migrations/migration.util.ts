import type { QueryRunner, TableColumnOptions } from 'typeorm';

/** Column helpers so one migration file produces the same schema on SQLite and PostgreSQL. */
export function isPostgres(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.options.type === 'postgres';
}

export function idColumn(): TableColumnOptions {
  return { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
}

/** Matches what `@CreateDateColumn()` / `@UpdateDateColumn()` expect on each driver. */
export function timestampColumn(queryRunner: QueryRunner, name: string): TableColumnOptions {
  return isPostgres(queryRunner)
    ? { name, type: 'timestamp', default: 'now()' }
    : { name, type: 'datetime', default: "(datetime('now'))" };
}

export function jsonColumn(name: string, fallback: '[]' | null): TableColumnOptions {
  return fallback === null
    ? { name, type: 'text', isNullable: true }
    : { name, type: 'text', default: `'${fallback}'` };
}

/** A nullable timestamp matching `@Column({ nullable: true }) x?: Date` on each driver. */
export function nullableTimestampColumn(queryRunner: QueryRunner, name: string): TableColumnOptions {
  return { name, type: isPostgres(queryRunner) ? 'timestamp' : 'datetime', isNullable: true };
}
