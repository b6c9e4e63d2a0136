import type { Page, TaskFilter } from '../repositories/task-list.sql';

/**
 * What the API's event loop asks of the list thread: one page of the task list, by its filter (the
 * thread reads the bureaus' participations, builds the SQL and prepares it once per text), and
 * with `identityOf` the caller's identity in the same read transaction (IdentityFold).
 */
export interface PageAsk {
  id: number;
  filter: TaskFilter;
  page: Page;
  /** The request's clock (ms), so overdue and traffic lights are the caller's, not the thread's. */
  now: number;
  /** A user id: answer with that user's identity row too (`identitySelect('')`'s columns, or null when gone). */
  identityOf?: number;
}

/**
 * The page as the API's JSON body in UTF-8 (its memory moved, not copied, to the event loop), with
 * the identity row when asked; or why not.
 */
export type PageAnswer =
  | { id: number; body: Uint8Array; identity?: Record<string, unknown> | null }
  | { id: number; error: { message: string; code?: string } };

/** What the thread opens: the API's own SQLite file, read-only. */
export interface ListThreadData {
  path: string;
  busyTimeoutMs: number;
  /** How many prepared statements the thread keeps (one per filter shape). */
  statementCacheSize: number;
}
