import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, nullableTimestampColumn, timestampColumn } from './migration.util';

/** Task tracking: extensions, comments, API tokens, calendar tokens, superseded revisions. */
export class TaskTracking1763800000000 implements MigrationInterface {
  name = 'TaskTracking1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('plan_item', [
      new TableColumn({ name: 'originalDueDate', type: 'date', isNullable: true }),
      new TableColumn({ name: 'supersededById', type: 'integer', isNullable: true }),
      new TableColumn(nullableTimestampColumn(queryRunner, 'lastActivityAt')),
    ]);
    await queryRunner.createIndex(
      'plan_item',
      new TableIndex({ name: 'ix_plan_item_superseded', columnNames: ['supersededById'] }),
    );
    await queryRunner.addColumn(
      'progress_update',
      new TableColumn({ name: 'attachmentName', type: 'varchar', length: '255', isNullable: true }),
    );
    await queryRunner.addColumn(
      'user',
      new TableColumn({ name: 'calendarToken', type: 'varchar', length: '64', isNullable: true }),
    );
    await queryRunner.createIndex(
      'user',
      new TableIndex({ name: 'uq_user_calendar_token', columnNames: ['calendarToken'], isUnique: true }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'api_token',
        columns: [
          idColumn(),
          { name: 'userId', type: 'integer' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'tokenHash', type: 'varchar', length: '64' },
          nullableTimestampColumn(queryRunner, 'lastUsedAt'),
          nullableTimestampColumn(queryRunner, 'revokedAt'),
          timestampColumn(queryRunner, 'createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'ix_api_token_user', columnNames: ['userId'] }),
          new TableIndex({ name: 'uq_api_token_hash', columnNames: ['tokenHash'], isUnique: true }),
        ],
        foreignKeys: [
          { columnNames: ['userId'], referencedTableName: 'user', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'comment',
        columns: [
          idColumn(),
          { name: 'planItemId', type: 'integer' },
          { name: 'authorId', type: 'integer', isNullable: true },
          { name: 'body', type: 'text' },
          timestampColumn(queryRunner, 'createdAt'),
        ],
        indices: [new TableIndex({ name: 'ix_comment_item', columnNames: ['planItemId'] })],
        foreignKeys: [
          {
            columnNames: ['planItemId'],
            referencedTableName: 'plan_item',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'deadline_extension',
        columns: [
          idColumn(),
          { name: 'planItemId', type: 'integer' },
          { name: 'requestedById', type: 'integer', isNullable: true },
          { name: 'oldDueDate', type: 'date', isNullable: true },
          { name: 'newDueDate', type: 'date' },
          { name: 'reason', type: 'text' },
          { name: 'status', type: 'varchar', length: '16', default: "'pending'" },
          { name: 'decidedById', type: 'integer', isNullable: true },
          nullableTimestampColumn(queryRunner, 'decidedAt'),
          { name: 'decisionNote', type: 'text', isNullable: true },
          timestampColumn(queryRunner, 'createdAt'),
        ],
        indices: [new TableIndex({ name: 'ix_deadline_extension_item', columnNames: ['planItemId'] })],
        foreignKeys: [
          {
            columnNames: ['planItemId'],
            referencedTableName: 'plan_item',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('deadline_extension', true);
    await queryRunner.dropTable('comment', true);
    await queryRunner.dropTable('api_token', true);
    await queryRunner.dropIndex('user', 'uq_user_calendar_token');
    await queryRunner.dropColumn('user', 'calendarToken');
    await queryRunner.dropColumn('progress_update', 'attachmentName');
    await queryRunner.dropIndex('plan_item', 'ix_plan_item_superseded');
    await queryRunner.dropColumns('plan_item', ['lastActivityAt', 'supersededById', 'originalDueDate']);
  }
}
