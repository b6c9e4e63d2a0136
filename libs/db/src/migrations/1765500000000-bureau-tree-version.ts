import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The triggers that keep `bureau_tree_version` current; an int-spec checks they survive every later migration. */
export const BUREAU_TREE_TRIGGERS = ['trg_bureau_tree_insert', 'trg_bureau_tree_delete', 'trg_bureau_tree_move'];

/**
 * `bureau_tree_version`: one row whose `version` rises, in the same transaction, whenever a bureau
 * is added, removed or moved (database triggers, so every writer is covered: uploads that create a
 * bureau, administration, merges, a hand-edited database). Each API process keeps the bureau tree
 * in memory and reads this version with the user's identity on every request, so a supervisor's
 * subtree costs no query of its own and is never stale (apps/api/src/scope/bureau-tree.cache.ts).
 */
export class BureauTreeVersion1765500000000 implements MigrationInterface {
  name = 'BureauTreeVersion1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "bureau_tree_version" ("id" integer PRIMARY KEY CHECK ("id" = 1), "version" integer NOT NULL)',
    );
    await queryRunner.query('INSERT INTO "bureau_tree_version" ("id", "version") VALUES (1, 1)');
    const bump = 'UPDATE "bureau_tree_version" SET "version" = "version" + 1 WHERE "id" = 1';
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(
        `CREATE FUNCTION "bump_bureau_tree_version"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${bump}; RETURN NULL; END $$`,
      );
      const [insert, remove, move] = BUREAU_TREE_TRIGGERS;
      for (const [name, event] of [
        [insert, 'INSERT'],
        [remove, 'DELETE'],
        [move, 'UPDATE OF "parentId"'],
      ]) {
        await queryRunner.query(
          `CREATE TRIGGER "${name}" AFTER ${event} ON "bureau" FOR EACH STATEMENT EXECUTE FUNCTION "bump_bureau_tree_version"()`,
        );
      }
    } else {
      const [insert, remove, move] = BUREAU_TREE_TRIGGERS;
      await queryRunner.query(`CREATE TRIGGER "${insert}" AFTER INSERT ON "bureau" BEGIN ${bump}; END`);
      await queryRunner.query(`CREATE TRIGGER "${remove}" AFTER DELETE ON "bureau" BEGIN ${bump}; END`);
      await queryRunner.query(
        `CREATE TRIGGER "${move}" AFTER UPDATE OF "parentId" ON "bureau" WHEN OLD."parentId" IS NOT NEW."parentId" BEGIN ${bump}; END`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of BUREAU_TREE_TRIGGERS) {
      await queryRunner.query(
        queryRunner.connection.options.type === 'postgres'
          ? `DROP TRIGGER IF EXISTS "${name}" ON "bureau"`
          : `DROP TRIGGER IF EXISTS "${name}"`,
      );
    }
    if (queryRunner.connection.options.type === 'postgres')
      await queryRunner.query('DROP FUNCTION IF EXISTS "bump_bureau_tree_version"()');
    await queryRunner.query('DROP TABLE "bureau_tree_version"');
  }
}
