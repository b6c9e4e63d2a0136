import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, nullableTimestampColumn, timestampColumn } from './migration.util';

/**
 * In-app notifications (站内通知): one row per person and event, unique on (userId, dedupeKey) so
 * an event never notifies anyone twice; read through (userId, readAt) for the unread count.
 */
export class Notifications1764500000000 implements MigrationInterface {
  name = 'Notifications1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'notification',
        columns: [
          idColumn(),
          { name: 'userId', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'taskId', type: 'integer', isNullable: true },
          { name: 'title', type: 'varchar', length: '200' },
          { name: 'body', type: 'text' },
          { name: 'link', type: 'varchar', length: '255' },
          { name: 'dedupeKey', type: 'varchar', length: '255' },
          timestampColumn(queryRunner, 'createdAt'),
          nullableTimestampColumn(queryRunner, 'readAt'),
        ],
        indices: [
          new TableIndex({ name: 'uq_notification_user_dedupe', columnNames: ['userId', 'dedupeKey'], isUnique: true }),
          new TableIndex({ name: 'ix_notification_user_read', columnNames: ['userId', 'readAt'] }),
        ],
        foreignKeys: [
          { columnNames: ['userId'], referencedTableName: 'user', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          {
            columnNames: ['taskId'],
            referencedTableName: 'plan_item',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notification', true);
  }
}
