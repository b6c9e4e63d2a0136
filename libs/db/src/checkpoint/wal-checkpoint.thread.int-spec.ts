import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { until } from '../../../../test/support/until';
import { WalCheckpointThread } from './wal-checkpoint.thread';

describe('WalCheckpointThread', () => {
  let dir: string;
  let path: string;
  let writer: Database.Database;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'luoshi-checkpoint-'));
    path = join(dir, 'db.sqlite');
    writer = new Database(path);
    writer.pragma('journal_mode = WAL');
    // As the API's connection: it never checkpoints by itself within this test.
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  });

  afterEach(() => {
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** ~2 MB of rows, committed to the WAL only. */
  function write(): void {
    const insert = writer.prepare('INSERT INTO t (text) VALUES (?)');
    writer.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run('落实'.repeat(1000));
    })();
  }

  it('copies what the writer committed back into the database file, without the writer checkpointing', async () => {
    write();
    const before = statSync(path).size;
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(2_000_000);
    const thread = new WalCheckpointThread({ path, busyTimeoutMs: 1000, everyMs: 20 });
    await thread.start();
    try {
      await until(() => statSync(path).size > before + 2_000_000, 'the first 2 MB to be copied back', 5000);
      // The writer keeps writing while the thread runs, and that is copied back too.
      write();
      await until(() => statSync(path).size > before + 4_000_000, 'the next 2 MB to be copied back', 5000);
      expect((writer.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).toBe(1000);
    } finally {
      await thread.close();
    }
  });

  it('stops when closed, and closing twice is harmless', async () => {
    const errors: string[] = [];
    const thread = new WalCheckpointThread({ path, busyTimeoutMs: 1000, everyMs: 20 }, (message) =>
      errors.push(message),
    );
    await thread.start();
    await Promise.all([thread.close(), thread.close()]);
    await thread.close();
    write();
    const size = statSync(path).size;
    await new Promise((r) => setTimeout(r, 200));
    expect(statSync(path).size).toBe(size);
    expect(errors).toEqual([]);
  });

  it("fails at start, with SQLite's reason, when the database file is not there", async () => {
    const thread = new WalCheckpointThread({ path: join(dir, 'missing.sqlite'), busyTimeoutMs: 1000, everyMs: 20 });
    await expect(thread.start()).rejects.toThrow(/unable to open database file|directory does not exist/);
  });
});
