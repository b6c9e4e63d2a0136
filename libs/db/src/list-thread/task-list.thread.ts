import type { Worker } from 'node:worker_threads';
import { readIdentity, type UserIdentity } from '../repositories/identity.sql';
import type { Page, TaskFilter } from '../repositories/task-list.sql';
import { startThread, threadScript } from '../threads/thread-script.util';
import type { ListThreadData, PageAnswer, PageAsk } from './task-list.protocol';

/** A list query the thread could not answer; `code` is SQLite's (SQLITE_BUSY …) when it has one. */
export class ListThreadError extends Error {
  override readonly name = 'ListThreadError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** A page's JSON body, and the caller's identity when it was asked for (null: no such user). */
export interface ThreadPage {
  body: Buffer;
  identity?: UserIdentity | null;
}

interface Waiting {
  resolve: (page: ThreadPage) => void;
  reject: (err: Error) => void;
}

/**
 * The thread's young generation, in MB. What a page allocates lives for that page only (the
 * thread answers one page at a time), so a small young generation costs a scavenge of almost
 * nothing every few pages. V8's default grows it to 16 MB per semi-space under the list load, ~25 MB
 * of RSS a thread; 8, 4, 2 and 1 MB measured the same throughput, and 2 MB keeps two threads
 * inside the process's memory budget (README, Benchmarks).
 */
const YOUNG_GENERATION_MB = 2;

/** How long close() lets requests already handed over finish before it stops the thread. */
const DRAIN_MS = 5000;

/**
 * The task list of a SQLite database, read on a thread of its own (node:worker_threads).
 *
 * better-sqlite3 is synchronous: on the event loop, reading and decoding a page's 50 rows, counting
 * its total and writing the JSON body took about half of the list's CPU time, and every other
 * request waited meanwhile. Here the event loop only checks who may see what and hands the SQL
 * over; the thread runs it on its own read-only connection (WAL: a read sees every write committed
 * before it began and never blocks the writer) and answers with the body, so a second core does
 * that half. One process with this thread fits the memory budget two API processes do not
 * (BENCHMARKS.md, list).
 *
 * A thread that dies is started again for the next request; the requests it held fail.
 */
export class TaskListThread {
  private ready: Promise<Worker> | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private drained: (() => void) | null = null;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly data: ListThreadData,
    private readonly onExit: (err: Error) => void = () => undefined,
  ) {}

  /** Pages handed over and not answered yet (TaskListThreadPool gives the next page to the least busy thread). */
  get pending(): number {
    return this.waiting.size;
  }

  /** Starts the thread and waits until its connection is open (a bad path fails here, not later). */
  async start(): Promise<void> {
    if (this.closed) throw new ListThreadError('The task list thread is closed');
    await this.started();
  }

  /** One page as the API's JSON body in UTF-8: `{ items, total, page, pageSize, next }`. */
  async pageJson(filter: TaskFilter, page: Page, now: Date = new Date()): Promise<Buffer> {
    return (await this.read(filter, page, now)).body;
  }

  /** One page's body, and with `identityOf` that user's identity read in the same transaction. */
  read(filter: TaskFilter, page: Page, now: Date = new Date(), identityOf?: number): Promise<ThreadPage> {
    if (this.closed) return Promise.reject(new ListThreadError('The task list thread is closed'));
    const ask: PageAsk = { id: this.nextId++, filter, page, now: now.getTime() };
    if (identityOf !== undefined) ask.identityOf = identityOf;
    // Counted as handed over at once, so a close() right after this call still waits for it.
    return new Promise<ThreadPage>((resolve, reject) => {
      this.waiting.set(ask.id, { resolve, reject });
      this.started().then(
        (worker) => worker.postMessage(ask),
        (err: Error) =>
          this.settle({ id: ask.id, error: { message: err.message, code: (err as { code?: string }).code } }),
      );
    });
  }

  /** Lets the requests already handed over finish (at most DRAIN_MS), then stops the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const ready = this.ready;
    if (!ready) return;
    if (this.waiting.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, DRAIN_MS);
        this.drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const worker = await ready.catch(() => null);
    this.ready = null;
    await worker?.terminate();
  }

  private started(): Promise<Worker> {
    this.ready ??= this.spawn();
    return this.ready;
  }

  private spawn(): Promise<Worker> {
    return startThread<PageAnswer>({
      script: this.script(),
      workerData: this.data,
      youngGenerationMb: YOUNG_GENERATION_MB,
      onMessage: (answer) => this.settle(answer),
      onExit: (code, failure, wasUp) => {
        const err =
          failure ??
          new ListThreadError(
            this.closed ? 'The task list thread is closed' : `The task list thread stopped (exit code ${code})`,
          );
        this.ready = null;
        for (const waiting of this.waiting.values()) waiting.reject(err);
        this.waiting.clear();
        this.drained?.();
        if (wasUp && !this.closed) this.onExit(err);
        return err;
      },
    });
  }

  /** The thread's script (its tests start others to see a thread die). */
  protected script(): string {
    return threadScript(__dirname, 'task-list.worker');
  }

  private settle(answer: PageAnswer): void {
    const waiting = this.waiting.get(answer.id);
    if (!waiting) return;
    this.waiting.delete(answer.id);
    if ('body' in answer) {
      const body = Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength);
      waiting.resolve(
        answer.identity === undefined
          ? { body }
          : { body, identity: answer.identity && readIdentity(answer.identity, '') },
      );
    } else waiting.reject(new ListThreadError(answer.error.message, answer.error.code));
    if (this.waiting.size === 0) this.drained?.();
  }
}
