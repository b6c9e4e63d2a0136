import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { idColumn, nullableTimestampColumn, timestampColumn } from './migration.util';

/**
 * Reminders in DingTalk, WeCom, Feishu and signed webhooks: `chat_channel` (a bureau's or a
 * person's robot, URL and secret sealed) and `channel_delivery` (one row per post owed, unique on
 * its dedupe key); a person's quiet hours (`user.quietFrom`/`quietTo`, HH:MM in Asia/Shanghai).
 */
export class ChatChannels1764600000000 implements MigrationInterface {
  name = 'ChatChannels1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'chat_channel',
        columns: [
          idColumn(),
          { name: 'platform', type: 'varchar', length: '16' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'bureauId', type: 'integer', isNullable: true },
          { name: 'userId', type: 'integer', isNullable: true },
          { name: 'urlSealed', type: 'text' },
          { name: 'secretSealed', type: 'text', isNullable: true },
          { name: 'urlMasked', type: 'varchar', length: '300' },
          { name: 'mode', type: 'varchar', length: '16', default: "'each'" },
          { name: 'createdById', type: 'integer', isNullable: true },
          timestampColumn(queryRunner, 'createdAt'),
          timestampColumn(queryRunner, 'updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'ix_chat_channel_bureau', columnNames: ['bureauId'] }),
          new TableIndex({ name: 'ix_chat_channel_user', columnNames: ['userId'] }),
        ],
        foreignKeys: [
          {
            columnNames: ['bureauId'],
            referencedTableName: 'bureau',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          { columnNames: ['userId'], referencedTableName: 'user', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'channel_delivery',
        columns: [
          idColumn(),
          { name: 'dedupeKey', type: 'varchar', length: '200' },
          { name: 'channelId', type: 'integer' },
          { name: 'planItemId', type: 'integer', isNullable: true },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'key', type: 'varchar', length: '32' },
          { name: 'occurrenceDue', type: 'date', isNullable: true },
          { name: 'sendOn', type: 'date' },
          { name: 'status', type: 'varchar', length: '16', default: "'pending'" },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'error', type: 'text', isNullable: true },
          nullableTimestampColumn(queryRunner, 'sentAt'),
          timestampColumn(queryRunner, 'createdAt'),
          timestampColumn(queryRunner, 'updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'uq_channel_delivery_dedupe', columnNames: ['dedupeKey'], isUnique: true }),
          new TableIndex({ name: 'ix_channel_delivery_channel', columnNames: ['channelId'] }),
          new TableIndex({ name: 'ix_channel_delivery_item', columnNames: ['planItemId'] }),
          new TableIndex({ name: 'ix_channel_delivery_status_send_on', columnNames: ['status', 'sendOn'] }),
        ],
        foreignKeys: [
          {
            columnNames: ['channelId'],
            referencedTableName: 'chat_channel',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            columnNames: ['planItemId'],
            referencedTableName: 'plan_item',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.addColumns('user', [
      new TableColumn({ name: 'quietFrom', type: 'varchar', length: '5', isNullable: true }),
      new TableColumn({ name: 'quietTo', type: 'varchar', length: '5', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('user', 'quietTo');
    await queryRunner.dropColumn('user', 'quietFrom');
    await queryRunner.dropTable('channel_delivery', true);
    await queryRunner.dropTable('chat_channel', true);
  }
}
