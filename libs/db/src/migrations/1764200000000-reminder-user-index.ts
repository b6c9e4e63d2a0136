import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The reminders of one person by status and day (a digest's folded reminders, the weekly burden
 * count) replace the index on the person alone: with only that one, SQLite answered a digest's
 * lookup through (status, sendOn) and read every reminder folded that day, for every digest —
 * a quarter of the e-mail worker's time on 100,000 tasks (BENCHMARKS.md, sweep).
 */
export class ReminderUserIndex1764200000000 implements MigrationInterface {
  name = 'ReminderUserIndex1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'reminder',
      new TableIndex({ name: 'ix_reminder_user_status_send_on', columnNames: ['userId', 'status', 'sendOn'] }),
    );
    await queryRunner.dropIndex('reminder', 'ix_reminder_user');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('reminder', new TableIndex({ name: 'ix_reminder_user', columnNames: ['userId'] }));
    await queryRunner.dropIndex('reminder', 'ix_reminder_user_status_send_on');
  }
}
