import type { TaskCursor } from '@luoshi/tasks';
import type { BoundSql } from '../repositories/task-list.sql';

/** What the API's event loop asks of the list thread: one page of the task list. */
export interface PageAsk {
  id: number;
  rows: BoundSql;
  count: BoundSql;
  page: number;
  pageSize: number;
  /** Set when the page was asked by keyset cursor. */
  after?: TaskCursor;
  /** The request's clock (ms), so overdue and traffic lights are the caller's, not the thread's. */
  now: number;
}

/** The page as the API's JSON body in UTF-8 (its memory moved, not copied, to the event loop), or why not. */
export type PageAnswer = { id: number; body: Uint8Array } | { id: number; error: { message: string; code?: string } };

/** What the thread opens: the API's own SQLite file, read-only. */
export interface ListThreadData {
  path: string;
  busyTimeoutMs: number;
  /** How many prepared statements the thread keeps (one per filter shape). */
  statementCacheSize: number;
}
