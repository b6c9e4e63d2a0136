import { join } from 'node:path';
import { MIGRATIONS, createDataSource, User } from '@luoshi/db';
import { verifyPassword } from '@luoshi/platform';
import { cliRowCounts, runCli } from './support/cli-harness';
import { createTestDatabase, databaseTargets, type TestDatabase } from './support/test-env';

describe.each(databaseTargets())('luoshi CLI on %s', (target) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(target);
  });

  afterAll(async () => {
    await db?.drop();
  });

  const run = (args: string[], stdin = '') => runCli(db, args, stdin);

  describe('migrate', () => {
    it('creates the schema on an empty database, then is a no-op', async () => {
      const first = await run(['migrate']);
      expect(first).toMatchObject({ code: 0 });
      expect(first.stdout).toContain(`Applied ${MIGRATIONS.length} migration(s)`);
      const second = await run(['migrate']);
      expect(second).toMatchObject({ code: 0 });
      expect(second.stdout).toContain('nothing to apply');
    });

    it('reverts every migration cleanly and applies them again (reversible)', async () => {
      const dataSource = createDataSource(db.config.database);
      await dataSource.initialize();
      try {
        for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
        await expect(dataSource.showMigrations()).resolves.toBe(true);
        await expect(dataSource.runMigrations({ transaction: 'each' })).resolves.toHaveLength(MIGRATIONS.length);
      } finally {
        await dataSource.destroy();
      }
    });
  });

  describe('user create', () => {
    it('creates a staff user in a new bureau with a hashed password read from stdin', async () => {
      const result = await run(
        [
          'user',
          'create',
          '--email',
          'Staff@Example.gov.cn',
          '--name',
          '张三',
          '--role',
          'staff',
          '--bureau',
          '赣州市司法局',
          '--create-bureau',
          '--password-stdin',
        ],
        's3cret-password\n',
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const dataSource = createDataSource(db.config.database);
      await dataSource.initialize();
      try {
        const user = await dataSource
          .getRepository(User)
          .createQueryBuilder('u')
          .addSelect('u.passwordHash')
          .where({ email: 'staff@example.gov.cn' })
          .getOneOrFail();
        expect(user).toMatchObject({ displayName: '张三', role: 'staff' });
        await expect(verifyPassword('s3cret-password', user.passwordHash)).resolves.toBe(true);
      } finally {
        await dataSource.destroy();
      }
    });

    it('refuses a duplicate e-mail with exit code 1', async () => {
      const result = await run([
        'user',
        'create',
        '--email',
        'staff@example.gov.cn',
        '--name',
        'X',
        '--role',
        'admin',
        '--password',
        'another-password',
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('already exists');
    });

    it('refuses an unknown bureau unless asked to create it', async () => {
      const result = await run([
        'user',
        'create',
        '--email',
        'b@example.gov.cn',
        '--name',
        'B',
        '--role',
        'staff',
        '--bureau',
        '不存在的局',
        '--password',
        'long-enough',
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('No bureau named 不存在的局');
    });

    it.each([
      [['--role', 'king', '--password', 'long-enough'], '--role must be one of'],
      [['--role', 'admin', '--password', 'short'], 'at least 10'],
      [['--role', 'admin', '--password', '1234567890'], 'too common'],
      [['--role', 'staff', '--password', 'long-enough'], 'needs --bureau'],
    ])('exits 2 on bad input %j', async (extra, message) => {
      const result = await run(['user', 'create', '--email', 'c@example.gov.cn', '--name', 'C', ...extra]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    });
  });

  it('exits 2 on an unknown command', async () => {
    await expect(run(['frobnicate'])).resolves.toMatchObject({ code: 2 });
  });
});

describe.each(databaseTargets())('luoshi parse, link, reminders and ingest refusals on %s', (target) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(target);
    await runCli(db, ['migrate']);
  });

  afterAll(async () => {
    await db?.drop();
  });

  const run = (args: string[]) => runCli(db, args);
  const counts = () => cliRowCounts(db);

  it('link --json holds a follow-up against the prior plan without a database', async () => {
    const result = await run([
      'link',
      '--json',
      '--prior',
      join(__dirname, '../samples/xihu-2023.txt'),
      '--followup',
      join(__dirname, '../samples/xihu-2024.txt'),
    ]);
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.prior).toMatchObject({ bureau: '杭州市西湖区司法局', planYear: 2024 });
    expect(body.followup).toMatchObject({ reportYear: 2024 });
    expect(body.commitments.map((c: { verdict: string }) => c.verdict)).toEqual([
      'evidenced',
      'evidenced',
      'not_found',
      'partial',
    ]);
    expect(body.commitments[0]).toMatchObject({
      path: '1',
      evidence: [expect.objectContaining({ heading: '（一）行政复议质效明显提升', terms: expect.any(Array) })],
    });
    expect(body.summary).toEqual({ commitments: 4, evidenced: 2, partial: 1, notFound: 1, rate: 0.75 });
    const missing = await run(['link', '--prior', 'nope.txt', '--followup', 'nope.txt']);
    expect(missing.code).toBe(2);
  });

  it('reminders preview prints what a day would send, and writes nothing', async () => {
    await run([
      'user',
      'create',
      '--email',
      'preview@xihu.test',
      '--name',
      '预览',
      '--role',
      'staff',
      '--bureau',
      '杭州市西湖区司法局',
      '--create-bureau',
      '--password',
      'long-enough',
    ]);
    await run([
      'ingest',
      '--no-progress',
      '--bureau',
      '杭州市西湖区司法局',
      join(__dirname, '../samples/xihu-2023.txt'),
    ]);
    const before = await counts();
    const result = await run(['reminders', 'preview', '--date', '2024-06-24']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('preview@xihu.test');
    expect(result.stdout).toContain('提升行政复议工作质效');
    expect(result.stdout).toContain('before-7');
    await expect(counts()).resolves.toEqual(before);
    await expect(run(['reminders', 'preview', '--date', 'tomorrow'])).resolves.toMatchObject({ code: 2 });
  });

  it('rejects a non-report and a binary file, writes nothing, and exits 1', async () => {
    const before = await counts();
    const notOk = join(__dirname, '../libs/report-parser/test/fixtures/not-ok');
    const result = await run([
      'ingest',
      '--no-progress',
      join(notOk, 'notice/input.txt'),
      join(notOk, 'pdf/input.bin'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('NOT_A_REPORT');
    expect(result.stdout).toContain('BINARY_INPUT');
    await expect(counts()).resolves.toEqual(before);
  });
});
