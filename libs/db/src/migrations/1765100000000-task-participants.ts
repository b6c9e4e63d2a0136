import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { ParticipantRepository } from '../repositories/participant.repository';
import { idColumn, timestampColumn } from './migration.util';

const BATCH = 500;

/**
 * Co-owners as participants: `task_participant` (a bureau named as a task's 牵头单位 or 配合单位,
 * resolved from the text, filled here for the tasks that exist) and `progress_update.bureauId`
 * (which bureau reported; until now only the owning bureau could).
 */
export class TaskParticipants1765100000000 implements MigrationInterface {
  name = 'TaskParticipants1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'task_participant',
        columns: [
          idColumn(),
          { name: 'taskId', type: 'integer' },
          { name: 'bureauId', type: 'integer' },
          { name: 'unit', type: 'varchar', length: '200' },
          { name: 'role', type: 'varchar', length: '8' },
          timestampColumn(queryRunner, 'createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'uq_task_participant', columnNames: ['taskId', 'bureauId'], isUnique: true }),
          new TableIndex({ name: 'ix_task_participant_bureau', columnNames: ['bureauId'] }),
        ],
        foreignKeys: [
          {
            columnNames: ['taskId'],
            referencedTableName: 'plan_item',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            columnNames: ['bureauId'],
            referencedTableName: 'bureau',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.addColumn(
      'progress_update',
      new TableColumn({ name: 'bureauId', type: 'integer', isNullable: true }),
    );
    await queryRunner.query(
      'UPDATE "progress_update" SET "bureauId" = (SELECT t."bureauId" FROM "plan_item" t WHERE t."id" = "progress_update"."planItemId")',
    );
    const participants = new ParticipantRepository(queryRunner.manager);
    const p = queryRunner.connection.options.type === 'postgres' ? '$1' : '?';
    for (let after = 0; ;) {
      const rows: Array<{ id: unknown }> = await queryRunner.query(
        `SELECT "id" FROM "plan_item" WHERE "id" > ${p} AND ("owner" IS NOT NULL OR "coOwners" <> '[]') ORDER BY "id" LIMIT ${BATCH}`,
        [after],
      );
      if (rows.length === 0) break;
      await participants.syncTasks(rows.map((r) => Number(r.id)));
      after = Number(rows[rows.length - 1].id);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('progress_update', 'bureauId');
    await queryRunner.dropTable('task_participant');
  }
}
