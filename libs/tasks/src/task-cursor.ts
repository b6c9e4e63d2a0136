/**
 * The task list's keyset cursor (`?after=`): where the list's order — due date ascending, undated
 * last, then id — continues after a row. Sent as base64url of `[dueDate | null, id]`, opaque to
 * clients; a cursor is only a position, so one a client edits shows nothing the filter and the
 * caller's scope would not show anyway.
 */
export interface TaskCursor {
  /** YYYY-MM-DD, or null for an undated task (listed last). */
  dueDate: string | null;
  id: number;
}

/** Longest cursor accepted: a date, an id and their brackets take well under this. */
export const TASK_CURSOR_MAX_LENGTH = 64;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_ID = 2 ** 31 - 1;

function isCalendarDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** The cursor after `row`. */
export function encodeTaskCursor(row: TaskCursor): string {
  return Buffer.from(JSON.stringify([row.dueDate, row.id]), 'utf8').toString('base64url');
}

/**
 * The position a cursor names, or null when it is not one this API wrote: not base64url, too long,
 * not `[YYYY-MM-DD | null, positive id]`, or not in the exact form encodeTaskCursor writes.
 */
export function decodeTaskCursor(text: string): TaskCursor | null {
  if (text.length === 0 || text.length > TASK_CURSOR_MAX_LENGTH || !BASE64URL.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [dueDate, id] = value as unknown[];
  if (dueDate !== null && (typeof dueDate !== 'string' || !isCalendarDate(dueDate))) return null;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > MAX_ID) return null;
  const cursor = { dueDate, id };
  // One spelling per position: stray bits, spaces or another number format are not ours.
  return encodeTaskCursor(cursor) === text ? cursor : null;
}
