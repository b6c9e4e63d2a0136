import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, timestampColumn } from './migration.util';

/**
 * Attached files (issue #23): `attachment`, one row per stored file of a task, optionally tied to
 * one of its progress updates. The bytes are in the attachment store, not the database.
 */
export class Attachments1765400000000 implements MigrationInterface {
  name = 'Attachments1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'attachment',
        columns: [
          idColumn(),
          { name: 'taskId', type: 'integer' },
          { name: 'progressUpdateId', type: 'integer', isNullable: true },
          { name: 'bureauId', type: 'integer', isNullable: true },
          { name: 'uploaderId', type: 'integer', isNullable: true },
          { name: 'originalName', type: 'varchar', length: '255' },
          { name: 'storageKey', type: 'varchar', length: '100' },
          { name: 'size', type: 'integer' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'contentType', type: 'varchar', length: '120' },
          timestampColumn(queryRunner, 'createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'ix_attachment_task', columnNames: ['taskId'] }),
          new TableIndex({ name: 'ix_attachment_progress', columnNames: ['progressUpdateId'] }),
          new TableIndex({ name: 'uq_attachment_storage_key', columnNames: ['storageKey'], isUnique: true }),
        ],
        foreignKeys: [
          {
            columnNames: ['taskId'],
            referencedTableName: 'plan_item',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            columnNames: ['progressUpdateId'],
            referencedTableName: 'progress_update',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('attachment');
  }
}
