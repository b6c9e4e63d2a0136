import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nullableTimestampColumn } from './migration.util';

/**
 * Login tokens that can be ended: each carries the user's `tokenVersion`, which logging out,
 * changing the password or disabling the account raises; a disabled user (`disabledAt`) is
 * refused with any token at once. A mute may also be a snooze (`reminder_mute.mutedUntil`).
 */
export class UserSessions1764300000000 implements MigrationInterface {
  name = 'UserSessions1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('user', [
      new TableColumn({ name: 'tokenVersion', type: 'integer', default: 0 }),
      new TableColumn(nullableTimestampColumn(queryRunner, 'disabledAt')),
    ]);
    await queryRunner.addColumn(
      'reminder_mute',
      new TableColumn({ name: 'mutedUntil', type: 'varchar', length: '10', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('reminder_mute', 'mutedUntil');
    await queryRunner.dropColumn('user', 'disabledAt');
    await queryRunner.dropColumn('user', 'tokenVersion');
  }
}
