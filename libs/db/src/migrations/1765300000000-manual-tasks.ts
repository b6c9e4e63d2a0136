import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Tasks made by hand (交办事项, 领导批示件, a row of an imported 台账): a task no longer needs a
 * report (`reportId` nullable), and every task says where it came from (`sourceKind`: report,
 * manual, instruction or import; the tasks that exist came from reports).
 */
export class ManualTasks1765300000000 implements MigrationInterface {
  name = 'ManualTasks1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'plan_item',
      new TableColumn({ name: 'sourceKind', type: 'varchar', length: '16', default: "'report'" }),
    );
    await queryRunner.changeColumn(
      'plan_item',
      'reportId',
      new TableColumn({ name: 'reportId', type: 'integer', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Tasks without a report cannot exist in the older schema.
    await queryRunner.query('DELETE FROM "plan_item" WHERE "reportId" IS NULL');
    await queryRunner.changeColumn(
      'plan_item',
      'reportId',
      new TableColumn({ name: 'reportId', type: 'integer', isNullable: false }),
    );
    await queryRunner.dropColumn('plan_item', 'sourceKind');
  }
}
