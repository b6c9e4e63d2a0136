import type { EntityManager } from 'typeorm';

/**
 * Runs one fixed SQL statement with `?` placeholders on either driver, every value bound
 * (PostgreSQL's placeholders are numbered for it). TypeORM's SQLite driver writes number
 * parameters into the SQL text itself, so a query builder keyed by id makes a new statement per
 * row: prepared afresh each time, and pushing the statements that repeat out of better-sqlite3's
 * statement cache. The e-mail worker's per-message statements go through here instead. The SQL
 * must be the caller's own text (no user input), and must not contain a literal `?`.
 */
export function queryBound<T = Record<string, unknown>>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  let text = sql;
  if (manager.connection.options.type === 'postgres') {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
  }
  return manager.query(text, params);
}

/** `?, ?, ?` for an IN list of `count` values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** Values per IN (…) list on SQLite (far below its 32,766 bound parameters), per array on PostgreSQL. */
const IN_LIST_CHUNK = 500;
const ANY_ARRAY_CHUNK = 20_000;

/**
 * Runs `sql(match)` for many values and returns every chunk's rows: `match` completes a condition
 * such as `"id" ${match}`, as `IN (?, …)` with 500 values a statement on SQLite and as
 * `= ANY(?::type[])` with one array of up to 20,000 values on PostgreSQL, bound last after
 * `params`. A sweep looks up tens of thousands of keys and ids: 500-value IN lists cost
 * PostgreSQL a parse and plan per 500 (~0.4 s for 57,000 dedupe keys), one array does not.
 */
export async function queryAnyOf<T = Record<string, unknown>>(
  manager: EntityManager,
  values: ReadonlyArray<string | number>,
  pgType: 'integer' | 'text',
  sql: (match: string) => string,
  params: unknown[] = [],
): Promise<T[]> {
  const out: T[] = [];
  if (manager.connection.options.type === 'postgres') {
    const text = sql(`= ANY(?::${pgType}[])`);
    for (let i = 0; i < values.length; i += ANY_ARRAY_CHUNK)
      for (const row of await queryBound<T>(manager, text, [...params, values.slice(i, i + ANY_ARRAY_CHUNK)]))
        out.push(row);
    return out;
  }
  for (let i = 0; i < values.length; i += IN_LIST_CHUNK) {
    const chunk = values.slice(i, i + IN_LIST_CHUNK);
    for (const row of await queryBound<T>(manager, sql(`IN (${placeholders(chunk.length)})`), [...params, ...chunk]))
      out.push(row);
  }
  return out;
}

/** `INSERT INTO "table" ("a", "b") VALUES (?, ?), (?, ?)…` for `rows` rows of these columns; callers append ON CONFLICT / RETURNING. */
export function insertRowsSql(table: string, columns: readonly string[], rows: number): string {
  const tuple = `(${placeholders(columns.length)})`;
  return `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`;
}

/** Rows per statement: multi-row VALUES (SQLite; at most 4,000 bound parameters for 8 columns) or unnest (PostgreSQL, one array a column). */
const VALUES_CHUNK = 500;
const UNNEST_CHUNK = 5000;

/**
 * Inserts `rows` (the values of `columns`, in order) in chunks, with `suffix` after each INSERT
 * (ON CONFLICT …, RETURNING …), and returns what the RETURNING clauses answered, in row order.
 * SQLite takes multi-row VALUES. PostgreSQL takes one array a column through
 * `unnest(…) WITH ORDINALITY` in the rows' order (callers rely on it: ids ascending, locks taken
 * in the same order by two writers): its parse and plan of a 500-row VALUES list cost more than
 * the rows — 57,000 reminders took 1.8 s that way and 1.2 s this way (BENCHMARKS.md, sweep on
 * PostgreSQL). The arrays are typed from the entity's own columns (TypeORM's metadata).
 */
export async function insertRows<R = Record<string, unknown>>(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<Record<string, unknown>>,
  suffix = '',
): Promise<R[]> {
  const out: R[] = [];
  if (manager.connection.options.type !== 'postgres') {
    for (let i = 0; i < rows.length; i += VALUES_CHUNK) {
      const chunk = rows.slice(i, i + VALUES_CHUNK);
      const sql = `${insertRowsSql(table, columns, chunk.length)} ${suffix}`;
      collect(
        out,
        await queryBound<R>(
          manager,
          sql,
          chunk.flatMap((row) => columns.map((c) => row[c])),
        ),
      );
    }
    return out;
  }
  const types = postgresColumnTypes(manager, table, columns);
  const names = columns.map((c) => `"${c}"`).join(', ');
  const aliases = columns.map((_, j) => `c${j}`);
  const sql =
    `INSERT INTO "${table}" (${names}) SELECT ${aliases.join(', ')} FROM unnest(` +
    `${types.map((type, j) => `$${j + 1}::${type}[]`).join(', ')}) WITH ORDINALITY AS u(${aliases.join(', ')}, n) ORDER BY n ${suffix}`;
  for (let i = 0; i < rows.length; i += UNNEST_CHUNK) {
    const chunk = rows.slice(i, i + UNNEST_CHUNK);
    collect(
      out,
      (await manager.query(
        sql,
        columns.map((c) => chunk.map((row) => row[c])),
      )) as unknown,
    );
  }
  return out;
}

/** Adds a statement's RETURNING rows; an INSERT without RETURNING answers no array on SQLite (the driver's run result). */
function collect<R>(out: R[], answer: unknown): void {
  if (Array.isArray(answer)) for (const row of answer as R[]) out.push(row);
}

/** The PostgreSQL type of each column of `table`, as TypeORM's driver names it for the entity. */
function postgresColumnTypes(manager: EntityManager, table: string, columns: readonly string[]): string[] {
  const metadata = manager.connection.entityMetadatas.find((m) => m.tableName === table);
  if (!metadata) throw new Error(`insertRows: no entity is mapped to the table ${table}`);
  return columns.map((name) => {
    const column = metadata.findColumnWithDatabaseName(name);
    if (!column) throw new Error(`insertRows: ${table} has no column ${name}`);
    return manager.connection.driver.normalizeType(column);
  });
}

/** A DATE value as YYYY-MM-DD: SQLite returns text, node-postgres a Date at local midnight. */
export function isoDate(value: unknown): string {
  if (value instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  return String(value).slice(0, 10);
}

/**
 * A timestamp parameter as TypeORM itself writes one: node-postgres takes the Date; SQLite stores
 * UTC text 'YYYY-MM-DD HH:MM:SS.SSS', the form the entities read back.
 */
export function timestampParam(manager: EntityManager, date: Date): Date | string {
  return manager.connection.options.type === 'postgres' ? date : date.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * A timestamp column read by a raw query as the entities hydrate it: node-postgres gives a Date;
 * SQLite gives UTC text 'YYYY-MM-DD HH:MM:SS[.SSS]' (TypeORM's own hydration appends the 'Z' too).
 */
export function readTimestamp(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const fast = typeof value === 'string' ? sqliteDate(value) : null;
  if (fast) return fast;
  const text = String(value).replace(' ', 'T');
  return new Date(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text) ? `${text}Z` : text);
}

/**
 * Year, month, day, hour, minute and second of text that begins 'YYYY-MM-DD HH:MM:SS' (each -1
 * where it is not all digits), or null when the separators are not where that form has them.
 */
export function dateTimeFields(text: string): [number, number, number, number, number, number] | null {
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== ' ' || text[13] !== ':' || text[16] !== ':') return null;
  return [
    digitsAt(text, 0, 4),
    digitsAt(text, 5, 7),
    digitsAt(text, 8, 10),
    digitsAt(text, 11, 13),
    digitsAt(text, 14, 16),
    digitsAt(text, 17, 19),
  ];
}

/** The number written in `text` from `from` to `to` (digits only), or -1. */
export function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The instant of 'YYYY-MM-DD HH:MM:SS.SSS' in UTC, the text TypeORM writes to SQLite, or of
 * 'YYYY-MM-DD HH:MM:SS', the text of the columns' own default `datetime('now')` (timestamps the
 * database fills in itself), read by hand; null for any other text or any value out of the
 * ordinary ranges, which the caller then hands to `new Date()` (so both give the same
 * instant). A task list page reads 150 timestamps, and `new Date(string)` took ~3% of the list's
 * CPU time in its profile; this is ~4× faster (0.11 µs against 0.49 µs a timestamp). While only
 * the first form was read here, the second still went the slow way, and readTimestamp was 6.5% of
 * the list thread's profile (BENCHMARKS.md, list).
 */
function sqliteDate(text: string): Date | null {
  const withMs = text.length === 23;
  if ((!withMs && text.length !== 19) || (withMs && text[19] !== '.')) return null;
  const fields = dateTimeFields(text);
  if (!fields) return null;
  const [year, month, day, hour, minute, second] = fields;
  const ms = withMs ? digitsAt(text, 20, 23) : 0;
  // Date.UTC reads years 0–99 as 19xx and rolls day 31 of a 30-day month over; leave those to new Date().
  if (
    year < 100 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    ms < 0
  )
    return null;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  return date.getUTCDate() === day ? date : null;
}

/** A nullable integer column read by a raw query (node-postgres gives bigint counts as text). */
export function readNumberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** A simple-json column read by a raw query (text on both drivers). */
export function readJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined || value === '') return fallback;
  if (value === '[]') return [] as T; // most list columns: skip the parser
  return typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);
}
