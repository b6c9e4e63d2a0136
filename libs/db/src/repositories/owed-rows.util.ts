import type { EntityManager, Repository } from 'typeorm';
import { OPEN_STATUSES } from '@luoshi/tasks';
import { insertRows, isoDate, placeholders, queryAnyOf, queryBound } from './bound-sql.util';

/**
 * What reminders (`reminder`) and chat posts (`channel_delivery`) share: rows owed once, keyed by a
 * unique `dedupeKey`, written with INSERT … ON CONFLICT DO NOTHING, updated by id in chunks, and
 * cancelled when the task they are about no longer owes them.
 */

/** Ids per IN (…) list in writes: far below PostgreSQL's 65,535 bound parameters. */
export const ID_CHUNK = 1000;

/**
 * Inserts the rows whose dedupe key is new, in one transaction, and returns their ids by dedupe key
 * (RETURNING: only the rows this call wrote); existing ones are left exactly as they are. Plain INSERT … ON CONFLICT DO NOTHING (SQLite ≥ 3.24 and PostgreSQL spell it the same;
 * insertRows: multi-row VALUES on SQLite, unnest on PostgreSQL): TypeORM's insert builder spent longer composing tens of thousands of rows than the
 * database spent writing them, and on SQLite it re-read inserted rows by id, failing for batches
 * that mixed new and ignored rows.
 */
export async function insertOwedIfAbsent<T extends object>(
  manager: EntityManager,
  table: string,
  columns: ReadonlyArray<keyof T & string>,
  rows: T[],
): Promise<Map<string, number>> {
  const inserted = new Map<string, number>();
  if (rows.length === 0) return inserted;
  await manager.transaction(async (tx) => {
    const written = await insertRows<{ id: number | string; dedupeKey: string }>(
      tx,
      table,
      columns,
      rows as ReadonlyArray<Record<string, unknown>>,
      'ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "id", "dedupeKey"',
    );
    for (const row of written) inserted.set(row.dedupeKey, Number(row.id));
  });
  return inserted;
}

/** Which of these dedupe keys are stored already. */
export async function existingOwedKeys(repo: Repository<{ dedupeKey: string }>, keys: string[]): Promise<Set<string>> {
  const rows = await queryAnyOf<{ dedupeKey: string }>(
    repo.manager,
    keys,
    'text',
    (match) => `SELECT "dedupeKey" FROM "${repo.metadata.tableName}" WHERE "dedupeKey" ${match}`,
  );
  return new Set(rows.map((row) => row.dedupeKey));
}

/** UPDATE <table> SET <assignments> (and updatedAt) for these ids, in chunks, values bound. */
export async function updateOwedByIds(
  manager: EntityManager,
  table: string,
  ids: number[],
  assignments: string,
  params: unknown[] = [],
): Promise<void> {
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    await queryBound(
      manager,
      `UPDATE "${table}" SET ${assignments}, "updatedAt" = CURRENT_TIMESTAMP WHERE "id" IN (${placeholders(chunk.length)})`,
      [...params, ...chunk],
    );
  }
}

/**
 * An owed row waiting (pending or folded) joined to its task and the recipient's mute, as both
 * cancelStale reads read it.
 */
export interface WaitingOwedRow {
  id: unknown;
  /** Whose digest it belongs to: the person (reminders) or the channel (chat posts). */
  digestOwner: unknown;
  planItemId: unknown;
  kind: unknown;
  status: unknown;
  sendOn: unknown;
  occurrenceDue: unknown;
  taskId: unknown;
  taskStatus: unknown;
  taskDue: unknown;
  recurrence: unknown;
  supersededById: unknown;
  muteId: unknown;
  mutedUntil: unknown;
}

/**
 * The waiting rows no longer owed — their task was finished, dropped or superseded, its due date
 * moved (the row is about a date that is not the task's any more), or it was muted or snoozed past
 * the row's day — and the digests left with nothing folded into them.
 */
export function staleOwedIds(rows: WaitingOwedRow[]): number[] {
  const isStale = (r: WaitingOwedRow): boolean => {
    if (r.planItemId === null) return false;
    if (r.taskId === null || !OPEN_STATUSES.includes(r.taskStatus as never) || r.supersededById !== null) return true;
    if (r.muteId !== null && (r.mutedUntil === null || isoDate(r.sendOn) < String(r.mutedUntil))) return true;
    return !r.recurrence && r.occurrenceDue !== null && isoDate(r.taskDue) !== isoDate(r.occurrenceDue);
  };
  const stale = new Set(rows.filter(isStale).map((r) => Number(r.id)));
  const digestKey = (r: WaitingOwedRow) => `${String(r.digestOwner)}:${isoDate(r.sendOn)}`;
  const stillFolded = new Set(rows.filter((r) => r.status === 'folded' && !stale.has(Number(r.id))).map(digestKey));
  const emptyDigests = rows.filter(
    (r) => r.kind === 'digest' && r.status === 'pending' && !stillFolded.has(digestKey(r)),
  );
  return [...stale, ...emptyDigests.map((r) => Number(r.id))];
}

/** The columns of the task and mute a cancelStale read selects beside the owed row's own. */
export const WAITING_TASK_COLUMNS = [
  't.id AS "taskId"',
  't.status AS "taskStatus"',
  't.dueDate AS "taskDue"',
  't.recurrence AS recurrence',
  't.supersededById AS "supersededById"',
  'm.id AS "muteId"',
  'm.mutedUntil AS "mutedUntil"',
];
