import { DataSource } from 'typeorm';
import { openMigratedDatabase, type MigratedDatabase } from '../../../test/support/test-db';
import { buildDataSourceOptions } from './data-source.options';
import { Bureau } from './entities/bureau.entity';
import { withTransactionTurns } from './sqlite-transaction-turns';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One SQLite DataSource, several requests at once: each transaction is its own, whatever the others do.
 * Every case here failed before withTransactionTurns (one shared connection, one shared transaction).
 */
describe('SQLite transactions take turns', () => {
  let migrated: MigratedDatabase;
  let ds: DataSource;
  const names = async () => (await ds.getRepository(Bureau).find({ order: { id: 'ASC' } })).map((b) => b.name);

  beforeAll(async () => {
    migrated = await openMigratedDatabase('sqlite');
    ds = migrated.ds;
  });
  afterAll(() => migrated.close());
  beforeEach(() => ds.query('DELETE FROM bureau'));

  it('keeps a committed transaction when one that overlapped it rolls back', async () => {
    const failing = ds.transaction(async (m) => {
      await m.getRepository(Bureau).save({ name: '甲局' });
      await pause(80);
      throw new Error('甲 fails');
    });
    await pause(10);
    const committing = ds.transaction((m) => m.getRepository(Bureau).save({ name: '乙局' }));
    await expect(failing).rejects.toThrow('甲 fails');
    await committing;
    await expect(names()).resolves.toEqual(['乙局']);
  });

  it('answers only after its own rows are committed, not when another transaction still holds them', async () => {
    const slow = ds.transaction(async (m) => {
      await m.getRepository(Bureau).save({ name: '慢局' });
      await pause(80);
    });
    await pause(10);
    await ds.transaction((m) => m.getRepository(Bureau).save({ name: '快局' }));
    // Another connection sees what a finished transaction wrote, at once.
    const other = withTransactionTurns(new DataSource(buildDataSourceOptions(migrated.db.config.database)));
    await other.initialize();
    try {
      const seen = (await other.query('SELECT name FROM bureau')).map((r: { name: string }) => r.name);
      expect(seen).toContain('快局');
    } finally {
      await other.destroy();
    }
    await slow;
  });

  it('does not show a transaction’s uncommitted rows to reads from elsewhere', async () => {
    let inside: () => void = () => undefined;
    const written = new Promise<void>((resolve) => (inside = resolve));
    const open = ds.transaction(async (m) => {
      await m.getRepository(Bureau).save({ name: '未提交局' });
      inside();
      await pause(50);
      throw new Error('rolled back');
    });
    await written;
    // The read waits for the transaction's end and never sees its row.
    await expect(names()).resolves.toEqual([]);
    await expect(open).rejects.toThrow('rolled back');
  });

  it('lets a transaction read through ordinary repositories and nest a savepoint inside itself', async () => {
    await ds.transaction(async (m) => {
      await m.getRepository(Bureau).save({ name: '外层局' });
      // An ordinary repository inside the callback reads in the transaction (it would deadlock if it waited).
      expect((await ds.getRepository(Bureau).find()).map((b) => b.name)).toEqual(['外层局']);
      await expect(
        ds.transaction(async (inner) => {
          await inner.getRepository(Bureau).save({ name: '内层局' });
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
    });
    await expect(names()).resolves.toEqual(['外层局']);
  });

  it('gives a plain save its own turn while another transaction is open', async () => {
    const failing = ds.transaction(async (m) => {
      await m.getRepository(Bureau).save({ name: '回滚局' });
      await pause(60);
      throw new Error('rolled back');
    });
    await pause(10);
    const saved = ds.getRepository(Bureau).save({ name: '独立局' });
    await expect(failing).rejects.toThrow('rolled back');
    await saved;
    await expect(names()).resolves.toEqual(['独立局']);
  });

  it('runs many overlapping transactions, each all or nothing', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        ds.transaction(async (m) => {
          await m.getRepository(Bureau).save({ name: `并发${i}` });
          await pause(i % 3);
          if (i % 4 === 0) throw new Error(`fail ${i}`);
          await m.getRepository(Bureau).save({ name: `并发${i}乙` });
        }),
      ),
    );
    const kept = await names();
    outcomes.forEach((o, i) => {
      const mine = kept.filter((n) => n === `并发${i}` || n === `并发${i}乙`);
      expect({ i, rows: mine.length }).toEqual({ i, rows: o.status === 'fulfilled' ? 2 : 0 });
    });
  });
});
