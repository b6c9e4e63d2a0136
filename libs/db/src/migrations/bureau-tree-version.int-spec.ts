import type { DataSource } from 'typeorm';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../../../../test/support/test-env';
import { createDataSource, runMigrations } from '../data-source.factory';
import { BureauRepository } from '../repositories/bureau.repository';
import { UserRepository } from '../repositories/user.repository';
import { BUREAU_TREE_TRIGGERS } from './1765500000000-bureau-tree-version';

/**
 * The bureau tree's version, which lets each API process keep the hierarchy in memory: it rises
 * with every bureau added, moved or removed (not with a rename), it is read with the identity, and
 * its triggers are still there after every later migration — a SQLite table rebuild drops triggers
 * silently, and a cache that never hears of a move would show a supervisor the wrong subtree.
 */
describe.each(databaseTargets())('the bureau tree version on %s', (target) => {
  let db: TestDatabase;
  let ds: DataSource;
  const version = async (): Promise<number> =>
    Number((await ds.query('SELECT "version" FROM "bureau_tree_version" WHERE "id" = 1'))[0].version);

  beforeAll(async () => {
    db = await createTestDatabase(target);
    ds = createDataSource(db.config.database);
    await ds.initialize();
    await runMigrations(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps its triggers after every migration', async () => {
    const names: Array<{ name: string }> =
      target === 'postgres'
        ? await ds.query(
            `SELECT DISTINCT tgname AS "name" FROM pg_trigger WHERE tgrelid = '"bureau"'::regclass AND NOT tgisinternal`,
          )
        : await ds.query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'bureau'`);
    expect(names.map((n) => n.name).sort()).toEqual(expect.arrayContaining([...BUREAU_TREE_TRIGGERS].sort()));
  });

  it('rises when a bureau is added, moved or removed, in the writing transaction, and not on a rename', async () => {
    const bureaus = new BureauRepository(ds);
    const start = await version();
    const city = await bureaus.create({ name: '某市司法局', level: 'city' });
    const district = await bureaus.create({ name: '某区司法局', level: 'district' });
    expect(await version()).toBe(start + 2);
    await ds.query(`UPDATE "bureau" SET "name" = '某区司法局（更名）' WHERE "id" = ${district.id}`);
    expect(await version()).toBe(start + 2);
    await ds.query(`UPDATE "bureau" SET "parentId" = ${city.id} WHERE "id" = ${district.id}`);
    expect(await version()).toBe(start + 3);
    // A rolled-back move leaves the version as it was.
    await ds
      .transaction(async (m) => {
        await m.query(`UPDATE "bureau" SET "parentId" = NULL WHERE "id" = ${district.id}`);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await version()).toBe(start + 3);
    const tree = await bureaus.tree();
    expect(tree.version).toBe(start + 3);
    expect(tree.subtree(city.id)).toEqual([city.id, district.id]);
    await ds.query(`DELETE FROM "bureau" WHERE "id" = ${district.id}`);
    expect(await version()).toBe(start + 4);
    expect((await bureaus.tree()).subtree(city.id)).toEqual([city.id]);
  });

  it('is read with the identity of every request', async () => {
    const users = new UserRepository(ds);
    const user = await users.create({
      email: 'tree@example.cn',
      displayName: '树',
      role: 'staff',
      bureauId: null,
      passwordHash: 'x',
    });
    expect(await users.identity(user.id)).toMatchObject({ id: user.id, treeVersion: await version() });
  });
});
