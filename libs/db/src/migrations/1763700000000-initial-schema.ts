import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, jsonColumn, timestampColumn } from './migration.util';

export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = (name: string) => timestampColumn(queryRunner, name);

    await queryRunner.createTable(
      new Table({
        name: 'bureau',
        columns: [
          idColumn(),
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'region', type: 'varchar', length: '200', isNullable: true },
          { name: 'level', type: 'varchar', length: '16', default: "'other'" },
          { name: 'parentId', type: 'integer', isNullable: true },
          jsonColumn('aliases', '[]'),
          ts('createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'uq_bureau_name', columnNames: ['name'], isUnique: true }),
          new TableIndex({ name: 'ix_bureau_parent', columnNames: ['parentId'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['parentId'],
            referencedTableName: 'bureau',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'user',
        columns: [
          idColumn(),
          { name: 'email', type: 'varchar', length: '254' },
          { name: 'displayName', type: 'varchar', length: '100' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'bureauId', type: 'integer', isNullable: true },
          { name: 'passwordHash', type: 'varchar', length: '255' },
          ts('createdAt'),
          ts('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'uq_user_email', columnNames: ['email'], isUnique: true }),
          new TableIndex({ name: 'ix_user_bureau', columnNames: ['bureauId'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['bureauId'],
            referencedTableName: 'bureau',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'report',
        columns: [
          idColumn(),
          { name: 'bureauId', type: 'integer' },
          { name: 'reportYear', type: 'integer', isNullable: true },
          { name: 'planYear', type: 'integer', isNullable: true },
          { name: 'title', type: 'varchar', length: '300', isNullable: true },
          { name: 'publishDate', type: 'varchar', length: '10', isNullable: true },
          { name: 'sourceUrl', type: 'varchar', length: '2000', isNullable: true },
          { name: 'contentHash', type: 'varchar', length: '64' },
          { name: 'revision', type: 'integer', default: 1 },
          { name: 'encoding', type: 'varchar', length: '32', isNullable: true },
          { name: 'rawText', type: 'text' },
          { name: 'parserVersion', type: 'varchar', length: '32' },
          jsonColumn('sections', '[]'),
          jsonColumn('warnings', '[]'),
          ts('createdAt'),
        ],
        indices: [
          new TableIndex({ name: 'uq_report_bureau_hash', columnNames: ['bureauId', 'contentHash'], isUnique: true }),
          new TableIndex({ name: 'ix_report_bureau_plan_year', columnNames: ['bureauId', 'planYear'] }),
          new TableIndex({ name: 'ix_report_plan_year', columnNames: ['planYear'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['bureauId'],
            referencedTableName: 'bureau',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'plan_item',
        columns: [
          idColumn(),
          { name: 'reportId', type: 'integer' },
          { name: 'parentId', type: 'integer', isNullable: true },
          { name: 'bureauId', type: 'integer' },
          { name: 'planYear', type: 'integer', isNullable: true },
          { name: 'path', type: 'varchar', length: '32' },
          { name: 'title', type: 'varchar', length: '500' },
          { name: 'body', type: 'text' },
          { name: 'owner', type: 'varchar', length: '200', isNullable: true },
          jsonColumn('coOwners', '[]'),
          { name: 'dueDate', type: 'date', isNullable: true },
          jsonColumn('deadlines', '[]'),
          { name: 'status', type: 'varchar', length: '16', default: "'planned'" },
          jsonColumn('targets', '[]'),
          { name: 'recurrence', type: 'varchar', length: '16', isNullable: true },
          jsonColumn('actions', '[]'),
          jsonColumn('verifiability', null),
          { name: 'startOffset', type: 'integer' },
          { name: 'endOffset', type: 'integer' },
          { name: 'assigneeId', type: 'integer', isNullable: true },
          { name: 'version', type: 'integer' },
          ts('createdAt'),
          ts('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'ix_plan_item_report', columnNames: ['reportId'] }),
          new TableIndex({ name: 'ix_plan_item_parent', columnNames: ['parentId'] }),
          new TableIndex({ name: 'ix_plan_item_due_date', columnNames: ['dueDate'] }),
          new TableIndex({ name: 'ix_plan_item_status', columnNames: ['status'] }),
          new TableIndex({ name: 'ix_plan_item_assignee', columnNames: ['assigneeId'] }),
          new TableIndex({ name: 'ix_plan_item_bureau_status_due', columnNames: ['bureauId', 'status', 'dueDate'] }),
          new TableIndex({ name: 'ix_plan_item_plan_year_bureau', columnNames: ['planYear', 'bureauId'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['reportId'],
            referencedTableName: 'report',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['parentId'],
            referencedTableName: 'plan_item',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'progress_update',
        columns: [
          idColumn(),
          { name: 'planItemId', type: 'integer' },
          { name: 'authorId', type: 'integer', isNullable: true },
          { name: 'percent', type: 'integer', isNullable: true },
          { name: 'note', type: 'text', isNullable: true },
          { name: 'evidenceUrl', type: 'varchar', length: '2000', isNullable: true },
          { name: 'statusFrom', type: 'varchar', length: '16', isNullable: true },
          { name: 'statusTo', type: 'varchar', length: '16', isNullable: true },
          ts('createdAt'),
        ],
        indices: [new TableIndex({ name: 'ix_progress_update_item', columnNames: ['planItemId'] })],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['planItemId'],
            referencedTableName: 'plan_item',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_event',
        columns: [
          idColumn(),
          { name: 'entityType', type: 'varchar', length: '32' },
          { name: 'entityId', type: 'integer' },
          { name: 'actorId', type: 'integer', isNullable: true },
          { name: 'action', type: 'varchar', length: '32' },
          { name: 'field', type: 'varchar', length: '64', isNullable: true },
          { name: 'before', type: 'text', isNullable: true },
          { name: 'after', type: 'text', isNullable: true },
          ts('createdAt'),
        ],
        indices: [new TableIndex({ name: 'ix_audit_event_entity', columnNames: ['entityType', 'entityId'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_event', 'progress_update', 'plan_item', 'report', 'user', 'bureau']) {
      await queryRunner.dropTable(table, true);
    }
  }
}
