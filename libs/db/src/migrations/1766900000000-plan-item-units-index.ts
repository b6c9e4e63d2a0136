import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from './migration.util';

/**
 * On SQLite, a covering index of the tasks' unit texts (`owner`, `coOwners`) with what re-resolving
 * them needs (`bureauId`, `supersededById`): adding a bureau looks for the tasks whose units may
 * name it (ParticipantRepository.syncMentioning, a `LIKE '%name%'` no index can seek), and without
 * it SQLite read every current task's whole row — body, actions and search text, mostly overflow
 * pages — about 30 ms per upload that created a bureau at 16,000 tasks, growing with them
 * (BENCHMARKS.md, ingest). Reading the index instead costs a small fraction of that.
 *
 * Not on PostgreSQL: a B-tree entry is limited to about 2,700 bytes and `coOwners` is unbounded
 * text, so an upload with a long list of 配合单位 could fail to insert; and there the scan runs in
 * the database server, not on the API's event loop.
 */
export class PlanItemUnitsIndex1766900000000 implements MigrationInterface {
  name = 'PlanItemUnitsIndex1766900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) return;
    // `supersededById` first: without statistics (luoshi never runs ANALYZE) SQLite takes
    // `"supersededById" IS NULL` for a selective condition and seeks it in an index; this one has
    // it too, and covers the rest, so it is preferred to ix_plan_item_superseded and its row reads.
    await queryRunner.query(
      'CREATE INDEX "ix_plan_item_units" ON "plan_item" ("supersededById", "owner", "coOwners", "bureauId")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) return;
    await queryRunner.query('DROP INDEX IF EXISTS "ix_plan_item_units"');
  }
}
