import type { DataSource } from 'typeorm';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../../../../test/support/test-env';
import { createDataSource } from '../data-source.factory';
import { MIGRATIONS } from './index';
import { TaskParticipants1765100000000 } from './1765100000000-task-participants';

const AT = MIGRATIONS.indexOf(TaskParticipants1765100000000);

/**
 * Upgrading a database whose tasks name their co-units: the migration resolves them to the bureaus
 * that exist (relative names included), marks old progress as the owning bureau's, and keeps every row.
 */
describe.each(databaseTargets())('the task-participants migration on %s', (target) => {
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

  it('fills the participants of the tasks that exist', async () => {
    const before = createDataSource(db.config.database);
    before.setOptions({ migrations: MIGRATIONS.slice(0, AT) });
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    const id = async (sql: string): Promise<number> => Number((await before.query(`${sql} RETURNING "id"`))[0].id);
    const lead = await id(
      `INSERT INTO "bureau" ("name", "region", "level") VALUES ('某市某区司法局', '某省某市某区', 'district')`,
    );
    const finance = await id(
      `INSERT INTO "bureau" ("name", "region", "level") VALUES ('某市某区财政局', '某省某市某区', 'district')`,
    );
    const report = await id(
      `INSERT INTO "report" ("bureauId", "reportYear", "planYear", "contentHash", "revision", "encoding", "rawText", "parserVersion")
       VALUES (${lead}, 2024, 2025, 'participants', 1, 'utf-8', 't', '1')`,
    );
    const item = (path: string, coOwners: string) =>
      id(
        `INSERT INTO "plan_item" ("reportId", "bureauId", "planYear", "path", "title", "body", "owner", "coOwners", "startOffset", "endOffset", "version")
         VALUES (${report}, ${lead}, 2025, '${path}', '事项${path}', '内容', '区司法局', '${coOwners}', 0, 1, 1)`,
      );
    const shared = await item('1', '["区财政局","各镇街"]');
    const alone = await item('2', '[]');
    await id(`INSERT INTO "progress_update" ("planItemId", "note") VALUES (${shared}, '已部署')`);
    await before.destroy();

    await expect(ds.runMigrations({ transaction: 'each' })).resolves.toHaveLength(MIGRATIONS.length - AT);
    const participants = await ds.query(`SELECT "taskId", "bureauId", "unit", "role" FROM "task_participant"`);
    expect(
      participants.map((p: Record<string, unknown>) => ({
        ...p,
        taskId: Number(p.taskId),
        bureauId: Number(p.bureauId),
      })),
    ).toEqual([{ taskId: shared, bureauId: finance, unit: '区财政局', role: 'co' }]);
    const [progress] = await ds.query(`SELECT "bureauId" FROM "progress_update"`);
    expect(Number(progress.bureauId)).toBe(lead);
    const [{ n }] = await ds.query(`SELECT COUNT(*) AS "n" FROM "plan_item" WHERE "id" IN (${shared}, ${alone})`);
    expect(Number(n)).toBe(2);
  });
});
