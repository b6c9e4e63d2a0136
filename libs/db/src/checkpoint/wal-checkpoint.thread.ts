import type { Worker } from 'node:worker_threads';
import { startThread, threadScript } from '../threads/thread-script.util';

/** What the checkpoint thread opens and how often it checkpoints. */
export interface CheckpointThreadData {
  path: string;
  busyTimeoutMs: number;
  everyMs: number;
}

/**
 * The WAL pages at which the connection that starts this thread still checkpoints by itself, as a
 * safety net should the thread fall behind or stop: 10,000 pages (~40 MB of WAL), against SQLite's
 * default of 1,000.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * Checkpoints a SQLite file's WAL on a thread of its own (node:worker_threads), so that the API's
 * event loop does not.
 *
 * SQLite copies the WAL back into the database file inside the commit that takes the WAL past
 * `wal_autocheckpoint` pages, and better-sqlite3 runs that commit on the event loop: the copy and
 * its two fsyncs held every request. Under the ingest load that was every ~16th report, and in the
 * VM's slow disk spells the event loop stood still for 100–600 ms at a time, taking p99 from
 * ~60 ms to 130–250 ms; with the checkpoints elsewhere it stayed at 55–78 ms (README, Benchmarks).
 * The caller keeps a high `wal_autocheckpoint` (FALLBACK_AUTOCHECKPOINT_PAGES) on its own
 * connection, so the WAL stays bounded if this thread ever stops.
 */
export class WalCheckpointThread {
  private worker: Worker | null = null;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly data: CheckpointThreadData,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  /** Starts the thread and waits until its connection is open (a bad path fails here). */
  async start(): Promise<void> {
    let fatal: Error | null = null;
    this.worker = await startThread<{ error?: string; fatal?: string }>({
      script: threadScript(__dirname, 'wal-checkpoint.worker'),
      workerData: this.data,
      youngGenerationMb: 1,
      onMessage: (message) => {
        if (message.fatal) fatal = new Error(message.fatal);
        else if (message.error) this.onError(message.error);
      },
      onExit: (code, failure, wasUp) => {
        this.worker = null;
        if (wasUp && !this.closing)
          this.onError(`The WAL checkpoint thread stopped (exit code ${code}): ${failure?.message ?? 'no error'}`);
        return fatal ?? failure ?? new Error(`The WAL checkpoint thread stopped (exit code ${code})`);
      },
    });
  }

  /** Stops the thread after the checkpoint it may be running. */
  close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return Promise.resolve();
    this.closing ??= new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.postMessage({ close: true });
    });
    return this.closing;
  }
}
