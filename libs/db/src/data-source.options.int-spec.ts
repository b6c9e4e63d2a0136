import { openMigratedDatabase, type MigratedDatabase } from '../../../test/support/test-db';

describe('SQLite connection settings (buildDataSourceOptions)', () => {
  let db: MigratedDatabase;

  beforeAll(async () => {
    db = await openMigratedDatabase('sqlite');
  });

  afterAll(async () => {
    await db?.close();
  });

  it('enforces foreign keys, writes ahead (WAL) and keeps temporary tables in memory', async () => {
    const pragma = async (name: string) =>
      Object.values((await db.ds.query(`PRAGMA ${name}`))[0] as Record<string, unknown>)[0];
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('temp_store')).toBe(2); // 2 = MEMORY
    expect(await pragma('synchronous')).toBe(1); // 1 = NORMAL
  });
});
