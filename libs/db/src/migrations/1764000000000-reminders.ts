import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, isPostgres, nullableTimestampColumn, timestampColumn } from './migration.util';

/** Reminder e-mails, mutes and each person's reminder preferences. */
export class Reminders1764000000000 implements MigrationInterface {
  name = 'Reminders1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pg = isPostgres(queryRunner);
    await queryRunner.addColumns('user', [
      new TableColumn({ name: 'reminderMode', type: 'varchar', length: '16', default: "'each'" }),
      new TableColumn({ name: 'remindersOptIn', type: 'boolean', default: pg ? 'true' : '1' }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'reminder',
        columns: [
          idColumn(),
          { name: 'dedupeKey', type: 'varchar', length: '200' },
          { name: 'planItemId', type: 'integer', isNullable: true },
          { name: 'userId', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'key', type: 'varchar', length: '32' },
          { name: 'occurrenceDue', type: 'date', isNullable: true },
          { name: 'sendOn', type: 'date' },
          { name: 'status', type: 'varchar', length: '16', default: "'pending'" },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'messageId', type: 'varchar', length: '255', isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          nullableTimestampColumn(queryRunner, 'sentAt'),
          timestampColumn(queryRunner, 'createdAt'),
          timestampColumn(queryRunner, 'updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'uq_reminder_dedupe', columnNames: ['dedupeKey'], isUnique: true }),
          new TableIndex({ name: 'ix_reminder_item', columnNames: ['planItemId'] }),
          new TableIndex({ name: 'ix_reminder_user', columnNames: ['userId'] }),
          new TableIndex({ name: 'ix_reminder_status_send_on', columnNames: ['status', 'sendOn'] }),
        ],
        foreignKeys: [
          {
            columnNames: ['planItemId'],
            referencedTableName: 'plan_item',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          { columnNames: ['userId'], referencedTableName: 'user', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'reminder_mute',
        columns: [
          idColumn(),
          { name: 'userId', type: 'integer' },
          { name: 'planItemId', type: 'integer' },
          timestampColumn(queryRunner, 'createdAt'),
        ],
        indices: [new TableIndex({ name: 'uq_reminder_mute', columnNames: ['userId', 'planItemId'], isUnique: true })],
        foreignKeys: [
          {
            columnNames: ['planItemId'],
            referencedTableName: 'plan_item',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          { columnNames: ['userId'], referencedTableName: 'user', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('reminder_mute', true);
    await queryRunner.dropTable('reminder', true);
    await queryRunner.dropColumns('user', ['remindersOptIn', 'reminderMode']);
  }
}
