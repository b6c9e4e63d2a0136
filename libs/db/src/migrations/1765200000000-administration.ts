import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isPostgres } from './migration.util';

/**
 * Administration: `user.mustChangePassword` (set by an administrator's password reset; the user may
 * do nothing but change it) and `api_token.expiresAt` (a token created for N days is refused after).
 *
 * Plain ADD/DROP COLUMN on both drivers (SQLite ≥ 3.35): TypeORM's SQLite add/dropColumn rebuild the
 * whole table, and rebuilding "user" inside a migration's transaction cascaded into deleting every
 * API token (found by administration.int-spec.ts).
 */
export class Administration1765200000000 implements MigrationInterface {
  name = 'Administration1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pg = isPostgres(queryRunner);
    await queryRunner.query(
      `ALTER TABLE "user" ADD COLUMN "mustChangePassword" boolean NOT NULL DEFAULT ${pg ? 'false' : '0'}`,
    );
    await queryRunner.query(`ALTER TABLE "api_token" ADD COLUMN "expiresAt" ${pg ? 'timestamp' : 'datetime'} NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "api_token" DROP COLUMN "expiresAt"');
    await queryRunner.query('ALTER TABLE "user" DROP COLUMN "mustChangePassword"');
  }
}
