import type { EntityManager } from 'typeorm';

/**
 * Runs one fixed SQL statement with `?` placeholders on either driver, every value bound
 * (PostgreSQL's placeholders are numbered for it). TypeORM's SQLite driver writes number
 * parameters into the SQL text itself, so a query builder keyed by id makes a new statement per
 * row: prepared afresh each time, and pushing the statements that repeat out of better-sqlite3's
 * statement cache. The e-mail worker's per-message statements go through here instead. The SQL
 * must be the caller's own text (no user input), and must not contain a literal `?`.
 */
export function queryBound<T = Record<string, unknown>>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
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

/** `INSERT INTO "table" ("a", "b") VALUES (?, ?), (?, ?)…` for `rows` rows of these columns; callers append ON CONFLICT / RETURNING. */
export function insertRowsSql(table: string, columns: readonly string[], rows: number): string {
  const tuple = `(${placeholders(columns.length)})`;
  return `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`;
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
  const text = String(value).replace(' ', 'T');
  return new Date(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text) ? `${text}Z` : text);
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
