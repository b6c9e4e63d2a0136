/**
 * The WAL checkpoint thread's code (started by WalCheckpointThread): copies the committed WAL back
 * into the database file every `everyMs`, with a PASSIVE checkpoint on its own connection, which
 * never waits for readers or writers. It loads better-sqlite3 and nothing else.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CheckpointThreadData } from './wal-checkpoint.thread';

const data = workerData as CheckpointThreadData;
let db: Database.Database;
try {
  db = new Database(data.path, { fileMustExist: true, timeout: data.busyTimeoutMs });
  db.pragma('synchronous = NORMAL');
} catch (err) {
  // Said as text: better-sqlite3's SqliteError loses its message on the way out of a thread.
  parentPort!.postMessage({ fatal: (err as Error).message });
  process.exit(1);
}

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    // SQLITE_BUSY and the like: the next tick tries again; anything else is said once a tick.
    parentPort!.postMessage({ error: (err as Error).message });
  }
}, data.everyMs);

parentPort!.on('message', (message: { close?: true }) => {
  if (!message.close) return;
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
parentPort!.postMessage({ ready: true });
