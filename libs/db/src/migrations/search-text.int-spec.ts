import type { DataSource } from 'typeorm';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../../../../test/support/test-env';
import { createDataSource } from '../data-source.factory';
import { MIGRATIONS } from './index';
import { SearchText1764700000000 } from './1764700000000-search-text';

const AT = MIGRATIONS.indexOf(SearchText1764700000000);

/**
 * Upgrading a database that holds tasks, notes and comments: the search-text migration fills their
 * folded text and loses nothing (on SQLite adding a column rebuilds the table, which must not
 * cascade into the rows that reference it).
 */
describe.each(databaseTargets())('the search-text migration on %s', (target) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(target);
    ds = createDataSource(db.config.database);
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('fills the folded search text of what exists, and keeps every row', async () => {
    const before = createDataSource(db.config.database);
    before.setOptions({ migrations: MIGRATIONS.slice(0, AT) });
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    const insert = async (sql: string): Promise<number> => {
      const rows: Array<{ id: number }> = await before.query(`${sql} RETURNING "id"`);
      return Number(rows[0].id);
    };
    const bureau = await insert(`INSERT INTO "bureau" ("name", "level") VALUES ('測試區司法局', 'district')`);
    const report = await insert(
      `INSERT INTO "report" ("bureauId", "reportYear", "planYear", "contentHash", "revision", "encoding", "rawText", "parserVersion")
       VALUES (${bureau}, 2024, 2025, 'search-text', 1, 'utf-8', 't', '1')`,
    );
    const task = await insert(
      `INSERT INTO "plan_item" ("reportId", "bureauId", "planYear", "path", "title", "body", "owner", "coOwners", "startOffset", "endOffset", "version")
       VALUES (${report}, ${bureau}, 2025, '1', '推進嚴格規範公正文明執法', '落實ＡＢＣ三項制度', '區司法局', '["區財政局"]', 0, 1, 1)`,
    );
    await insert(`INSERT INTO "progress_update" ("planItemId", "note") VALUES (${task}, '已召開推進會')`);
    await insert(`INSERT INTO "comment" ("planItemId", "body") VALUES (${task}, '請補充材料')`);
    await before.destroy();

    // This migration and every later one.
    await expect(ds.runMigrations({ transaction: 'each' })).resolves.toHaveLength(MIGRATIONS.length - AT);
    const [item] = await ds.query(`SELECT "searchText" FROM "plan_item" WHERE "id" = ${task}`);
    expect(item.searchText).toBe('推进严格规范公正文明执法\n落实abc三项制度\n区司法局\n区财政局');
    await expect(ds.query(`SELECT "searchText" FROM "progress_update"`)).resolves.toEqual([
      { searchText: '已召开推进会' },
    ]);
    await expect(ds.query(`SELECT "searchText" FROM "comment"`)).resolves.toEqual([{ searchText: '请补充材料' }]);
  });
});
