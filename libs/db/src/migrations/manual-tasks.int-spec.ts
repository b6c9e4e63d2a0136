import type { DataSource } from 'typeorm';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../../../../test/support/test-env';
import { createDataSource } from '../data-source.factory';
import { MIGRATIONS } from './index';
import { ManualTasks1765300000000 } from './1765300000000-manual-tasks';

const AT = MIGRATIONS.indexOf(ManualTasks1765300000000);

/**
 * Upgrading a database with parsed tasks: they keep every row, child and participant and are marked
 * as coming from a report; afterwards a task needs no report. Reverting drops only the report-less ones.
 */
describe.each(databaseTargets())('the manual-tasks migration on %s', (target) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(target);
    ds = createDataSource(db.config.database);
    // Up to this migration only, so that undoing the last one undoes it whatever comes later.
    ds.setOptions({ migrations: MIGRATIONS.slice(0, AT + 1) });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('marks the tasks that exist as parsed, lets a task go without a report, and reverts', async () => {
    const before = createDataSource(db.config.database);
    before.setOptions({ migrations: MIGRATIONS.slice(0, AT) });
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    const id = async (sql: string): Promise<number> => Number((await before.query(`${sql} RETURNING "id"`))[0].id);
    const bureau = await id(
      `INSERT INTO "bureau" ("name", "region", "level") VALUES ('某市某区司法局', '某省某市某区', 'district')`,
    );
    const report = await id(
      `INSERT INTO "report" ("bureauId", "reportYear", "planYear", "contentHash", "revision", "encoding", "rawText", "parserVersion")
       VALUES (${bureau}, 2024, 2025, 'manual', 1, 'utf-8', 't', '1')`,
    );
    const parent = await id(
      `INSERT INTO "plan_item" ("reportId", "bureauId", "planYear", "path", "title", "body", "startOffset", "endOffset", "version")
       VALUES (${report}, ${bureau}, 2025, '1', '事项1', '内容', 0, 1, 1)`,
    );
    const child = await id(
      `INSERT INTO "plan_item" ("reportId", "parentId", "bureauId", "planYear", "path", "title", "body", "startOffset", "endOffset", "version")
       VALUES (${report}, ${parent}, ${bureau}, 2025, '1.1', '事项1.1', '内容', 0, 1, 1)`,
    );
    await id(`INSERT INTO "progress_update" ("planItemId", "note") VALUES (${child}, '已部署')`);
    await before.destroy();

    await expect(ds.runMigrations({ transaction: 'each' })).resolves.toHaveLength(1);
    const rows: Array<Record<string, unknown>> = await ds.query(
      `SELECT "id", "parentId", "sourceKind" FROM "plan_item" ORDER BY "id"`,
    );
    expect(rows.map((r) => [Number(r.id), r.parentId === null ? null : Number(r.parentId), r.sourceKind])).toEqual([
      [parent, null, 'report'],
      [child, parent, 'report'],
    ]);
    // SQLite rebuilds the table to relax NOT NULL: the list's covering index and the others come back.
    const indexes: Array<{ name: string }> = await ds.query(
      target === 'postgres'
        ? `SELECT "indexname" AS "name" FROM pg_indexes WHERE "tablename" = 'plan_item'`
        : `SELECT "name" FROM sqlite_master WHERE "type" = 'index' AND "tbl_name" = 'plan_item'`,
    );
    expect(indexes.map((i) => i.name)).toEqual(
      expect.arrayContaining(['ix_plan_item_list', 'ix_plan_item_report', 'ix_plan_item_superseded']),
    );
    const [{ n }] = await ds.query(`SELECT COUNT(*) AS "n" FROM "progress_update"`);
    expect(Number(n)).toBe(1);
    await ds.query(
      `INSERT INTO "plan_item" ("bureauId", "planYear", "path", "title", "body", "startOffset", "endOffset", "version", "sourceKind")
       VALUES (${bureau}, 2025, '', '交办事项', '内容', 0, 0, 1, 'manual')`,
    );
    // Deleting the report still takes its tasks (and theirs only) with it.
    await ds.query(`DELETE FROM "report" WHERE "id" = ${report}`);
    const left: Array<Record<string, unknown>> = await ds.query(`SELECT "title", "reportId" FROM "plan_item"`);
    expect(left).toEqual([{ title: '交办事项', reportId: null }]);

    await ds.undoLastMigration({ transaction: 'each' });
    const [{ m }] = await ds.query(`SELECT COUNT(*) AS "m" FROM "plan_item"`);
    expect(Number(m)).toBe(0);
    await expect(ds.runMigrations({ transaction: 'each' })).resolves.toHaveLength(1);
  });
});
