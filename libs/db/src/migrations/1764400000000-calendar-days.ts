import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { timestampColumn } from './migration.util';

/** Holidays and make-up working days admins enter for years the built-in holiday data does not cover. */
export class CalendarDays1764400000000 implements MigrationInterface {
  name = 'CalendarDays1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'calendar_day',
        columns: [
          { name: 'date', type: 'varchar', length: '10', isPrimary: true },
          { name: 'working', type: 'boolean' },
          { name: 'name', type: 'varchar', length: '32', isNullable: true },
          { name: 'updatedBy', type: 'integer', isNullable: true },
          timestampColumn(queryRunner, 'updatedAt'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('calendar_day');
  }
}
