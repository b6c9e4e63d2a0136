import type { DataSource } from 'typeorm';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../../../../test/support/test-env';
import { createDataSource } from '../data-source.factory';
import { AttachmentRepository } from '../repositories/attachment.repository';
import { MIGRATIONS } from './index';
import { Attachments1765400000000 } from './1765400000000-attachments';

const AT = MIGRATIONS.indexOf(Attachments1765400000000);

/**
 * Upgrading a database with tasks and progress: the attachment table arrives empty, takes files of
 * a task and of a progress update, follows them when they go, and the step reverts cleanly.
 */
describe.each(databaseTargets())('the attachments migration on %s', (target) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(target);
    ds = createDataSource(db.config.database);
    ds.setOptions({ migrations: MIGRATIONS.slice(0, AT) });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('adds the attachment table to an existing database, and takes it away again', async () => {
    const id = async (sql: string): Promise<number> => Number((await ds.query(`${sql} RETURNING "id"`))[0].id);
    const bureau = await id(
      `INSERT INTO "bureau" ("name", "region", "level") VALUES ('某市某区司法局', '某省某市某区', 'district')`,
    );
    const report = await id(
      `INSERT INTO "report" ("bureauId", "reportYear", "planYear", "contentHash", "revision", "encoding", "rawText", "parserVersion")
       VALUES (${bureau}, 2024, 2025, 'attachments', 1, 'utf-8', 't', '1')`,
    );
    const task = await id(
      `INSERT INTO "plan_item" ("reportId", "bureauId", "planYear", "path", "title", "body", "coOwners", "startOffset", "endOffset", "version")
       VALUES (${report}, ${bureau}, 2025, '1', '事项', '内容', '[]', 0, 1, 1)`,
    );
    const progress = await id(`INSERT INTO "progress_update" ("planItemId", "note") VALUES (${task}, '已部署')`);

    // Up to this migration only, so that undoing the last one undoes it whatever comes later.
    const upgrade = createDataSource(db.config.database);
    upgrade.setOptions({ migrations: MIGRATIONS.slice(0, AT + 1) });
    await upgrade.initialize();
    try {
      await expect(upgrade.runMigrations({ transaction: 'each' })).resolves.toHaveLength(1);
      const attachments = new AttachmentRepository(upgrade);
      const row = (key: string, progressUpdateId: number | null) =>
        attachments.add({
          taskId: task,
          progressUpdateId,
          bureauId: bureau,
          uploaderId: null,
          originalName: '整改报告.pdf',
          storageKey: `${task}/${key}`,
          size: 5,
          sha256: 'a'.repeat(64),
          contentType: 'application/pdf',
        });
      const withProgress = await row('one', progress);
      await row('two', null);
      await expect(row('two', null)).rejects.toThrow();
      expect((await attachments.forTask(task)).map((a) => [a.storageKey, a.progressUpdateId, a.bureauName])).toEqual([
        [`${task}/one`, progress, '某市某区司法局'],
        [`${task}/two`, null, '某市某区司法局'],
      ]);
      // A progress update that goes leaves its files on the task.
      await upgrade.query(`DELETE FROM "progress_update" WHERE "id" = ${progress}`);
      expect((await attachments.findById(withProgress.id))?.progressUpdateId).toBeNull();

      await upgrade.undoLastMigration({ transaction: 'each' });
      await expect(upgrade.query(`SELECT COUNT(*) FROM "attachment"`)).rejects.toThrow();
      await expect(upgrade.runMigrations({ transaction: 'each' })).resolves.toHaveLength(1);
      await expect(attachments.forTask(task)).resolves.toEqual([]);
    } finally {
      await upgrade.destroy();
    }
  });
});
