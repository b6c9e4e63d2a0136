import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, isPostgres, jsonColumn, timestampColumn } from './migration.util';

/** Evidence links between a prior plan's commitments and the follow-up report. */
export class ProgressLinks1763900000000 implements MigrationInterface {
  name = 'ProgressLinks1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pg = isPostgres(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'link_outcome',
        columns: [
          idColumn(),
          { name: 'planItemId', type: 'integer' },
          { name: 'priorReportId', type: 'integer' },
          { name: 'followupReportId', type: 'integer' },
          { name: 'bureauId', type: 'integer' },
          { name: 'planYear', type: 'integer', isNullable: true },
          { name: 'verdict', type: 'varchar', length: '16' },
          { name: 'score', type: pg ? 'double precision' : 'float' },
          { name: 'acknowledgedShortfall', type: 'boolean', default: pg ? 'false' : '0' },
          { name: 'carriedOver', type: 'boolean', default: pg ? 'false' : '0' },
          jsonColumn('evidence', '[]'),
          jsonColumn('actions', '[]'),
          jsonColumn('targets', '[]'),
          { name: 'decision', type: 'varchar', length: '16', isNullable: true },
          { name: 'decisionNote', type: 'text', isNullable: true },
          { name: 'decidedById', type: 'integer', isNullable: true },
          timestampColumn(queryRunner, 'createdAt'),
          timestampColumn(queryRunner, 'updatedAt'),
        ],
        indices: [
          new TableIndex({
            name: 'uq_link_outcome_item_followup',
            columnNames: ['planItemId', 'followupReportId'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_link_outcome_bureau_year', columnNames: ['bureauId', 'planYear'] }),
          new TableIndex({ name: 'ix_link_outcome_followup', columnNames: ['followupReportId'] }),
        ],
        foreignKeys: [
          {
            columnNames: ['planItemId'],
            referencedTableName: 'plan_item',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            columnNames: ['followupReportId'],
            referencedTableName: 'report',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('link_outcome', true);
  }
}
