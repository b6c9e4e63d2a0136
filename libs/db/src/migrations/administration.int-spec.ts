import type { DataSource } from 'typeorm';
import { createTestDatabase, databaseTargets, type TestDatabase } from '../../../../test/support/test-env';
import { createDataSource } from '../data-source.factory';
import { MIGRATIONS } from './index';
import { Administration1765200000000 } from './1765200000000-administration';

const AT = MIGRATIONS.indexOf(Administration1765200000000);

/**
 * Upgrading a database with users and API tokens: nobody owes a password change, every token keeps
 * working (no expiry), and the migration reverts cleanly.
 */
describe.each(databaseTargets())('the administration migration on %s', (target) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(target);
    ds = createDataSource(db.config.database);
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('adds mustChangePassword (false for everyone) and a token expiry (none), and reverts', async () => {
    const before = createDataSource(db.config.database);
    before.setOptions({ migrations: MIGRATIONS.slice(0, AT) });
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    const [user] = await before.query(
      `INSERT INTO "user" ("email", "displayName", "role", "passwordHash") VALUES ('a@b.test', '甲', 'admin', 'x') RETURNING "id"`,
    );
    await before.query(
      `INSERT INTO "api_token" ("userId", "name", "tokenHash") VALUES (${Number(user.id)}, '脚本', '${'a'.repeat(64)}')`,
    );
    await before.destroy();

    await expect(ds.runMigrations({ transaction: 'each' })).resolves.toHaveLength(MIGRATIONS.length - AT);
    const [row] = await ds.query(`SELECT "mustChangePassword" FROM "user"`);
    expect(Boolean(row.mustChangePassword)).toBe(false);
    const [token] = await ds.query(`SELECT "expiresAt" FROM "api_token"`);
    expect(token.expiresAt).toBeNull();

    for (let i = AT; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const columns = async (table: string): Promise<string[]> =>
      target === 'postgres'
        ? (
            await ds.query(`SELECT column_name AS "name" FROM information_schema.columns WHERE table_name = '${table}'`)
          ).map((c: { name: string }) => c.name)
        : (await ds.query(`PRAGMA table_info("${table}")`)).map((c: { name: string }) => c.name);
    expect(await columns('user')).not.toContain('mustChangePassword');
    expect(await columns('api_token')).not.toContain('expiresAt');
    await expect(ds.query(`SELECT COUNT(*) AS "n" FROM "api_token"`)).resolves.toEqual([
      { n: target === 'postgres' ? '1' : 1 },
    ]);
  });
});
