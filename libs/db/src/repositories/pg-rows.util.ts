import { types, type CustomTypesConfig, type Pool } from 'pg';
import type { EntityManager } from 'typeorm';
import { dateTimeFields, digitsAt } from './bound-sql.util';

/** PostgreSQL's type ids of `timestamp` (without time zone) and `date`. */
const TIMESTAMP_OID = 1114;
const DATE_OID = 1082;
/** node-postgres's own parser of `timestamp` text (postgres-date), for every shape {@link parseTimestamp} leaves to it. */
const parsePostgresDate = types.getTypeParser(TIMESTAMP_OID, 'text') as (text: string) => Date | number | null;

/**
 * A `timestamp` column's text as node-postgres reads it (postgres-date: local time,
 * `1000 * parseFloat(fraction)` milliseconds), for the one shape PostgreSQL writes for ordinary
 * instants — 'YYYY-MM-DD HH:MM:SS' with up to six fraction digits, years 100–9999 — without its
 * three regular expressions; anything else (BC, infinity, a zone, years 0–99) is postgres-date's.
 * A task list page reads 100 of them, and postgres-date was ~4% of the PostgreSQL list's CPU.
 * src/repositories/pg-rows.util.spec.ts holds it equal to postgres-date.
 */
export function parseTimestamp(text: string): Date | number | null {
  const length = text.length;
  const fields = length === 19 || (length >= 21 && length <= 26 && text[19] === '.') ? dateTimeFields(text) : null;
  if (!fields) return parsePostgresDate(text);
  const [year, month, day, hour, minute, second] = fields;
  if (year < 100 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return parsePostgresDate(text);
  if (length > 19 && digitsAt(text, 20, length) < 0) return parsePostgresDate(text);
  const ms = length > 19 ? 1000 * parseFloat(text.slice(19)) : 0;
  return new Date(year, month - 1, day, hour, minute, second, ms);
}

/**
 * Type parsers for reads that map their rows themselves: `timestamp` through {@link parseTimestamp},
 * `date` as its text 'YYYY-MM-DD' (isoDate reads either; node-postgres would make a Date at local
 * midnight that is formatted straight back), everything else as node-postgres does.
 */
const ROW_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID
      ? parseTimestamp
      : oid === DATE_OID
        ? (text: string) => text
        : types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

/** The node-postgres pool under TypeORM's PostgreSQL driver, or null on any other database. */
export function postgresPool(manager: EntityManager): Pool | null {
  if (manager.connection.options.type !== 'postgres' || manager.queryRunner) return null;
  return ((manager.connection.driver as unknown as { master?: Pool }).master ?? null) as Pool | null;
}

/**
 * A statement's rows as arrays of values in the SELECT's order, with its column names: straight on
 * the driver's pool, because TypeORM's query() can neither ask node-postgres for arrays nor give
 * it parsers. For hot reads that map rows themselves (the task list): no object per row, no
 * postgres-date per timestamp. `sql` uses `?` placeholders (queryBound's convention).
 */
export async function queryRowArrays(
  pool: Pool,
  sql: string,
  params: unknown[],
): Promise<{ names: string[]; rows: unknown[][] }> {
  let n = 0;
  const result = await pool.query<unknown[]>({
    text: sql.replace(/\?/g, () => `$${++n}`),
    values: params,
    rowMode: 'array',
    types: ROW_TYPES,
  });
  return { names: result.fields.map((f) => f.name), rows: result.rows };
}
