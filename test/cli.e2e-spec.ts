import { buildProgram, runCliForExitCode } from '../apps/cli/src/cli.program';
import type { CliIo } from '../apps/cli/src/cli-context';
import { createDataSource, User } from '@luoshi/db';
import { verifyPassword } from '@luoshi/platform';
import { createTestDatabase, databaseTargets, type TestDatabase } from './support/test-env';

function captureIo(stdin = ''): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    readStdin: async () => stdin,
    stdout: () => out,
    stderr: () => err,
  };
}

describe.each(databaseTargets())('luoshi CLI on %s', (target) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(target);
  });

  afterAll(async () => {
    await db?.drop();
  });

  async function run(args: string[], stdin = '') {
    const io = captureIo(stdin);
    const code = await runCliForExitCode(buildProgram(io, db.config), ['node', 'luoshi', ...args], io);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  }

  describe('migrate', () => {
    it('creates the schema on an empty database, then is a no-op', async () => {
      const first = await run(['migrate']);
      expect(first).toMatchObject({ code: 0 });
      expect(first.stdout).toContain('Applied 1 migration(s)');
      const second = await run(['migrate']);
      expect(second).toMatchObject({ code: 0 });
      expect(second.stdout).toContain('nothing to apply');
    });
  });

  describe('user create', () => {
    it('creates a staff user in a new bureau with a hashed password read from stdin', async () => {
      const result = await run(
        ['user', 'create', '--email', 'Staff@Example.gov.cn', '--name', '张三', '--role', 'staff', '--bureau', '赣州市司法局', '--create-bureau', '--password-stdin'],
        's3cret-password\n',
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const dataSource = createDataSource(db.config.database);
      await dataSource.initialize();
      try {
        const user = await dataSource.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where({ email: 'staff@example.gov.cn' }).getOneOrFail();
        expect(user).toMatchObject({ displayName: '张三', role: 'staff' });
        await expect(verifyPassword('s3cret-password', user.passwordHash)).resolves.toBe(true);
      } finally {
        await dataSource.destroy();
      }
    });

    it('refuses a duplicate e-mail with exit code 1', async () => {
      const result = await run(['user', 'create', '--email', 'staff@example.gov.cn', '--name', 'X', '--role', 'admin', '--password', 'another-password']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('already exists');
    });

    it('refuses an unknown bureau unless asked to create it', async () => {
      const result = await run(['user', 'create', '--email', 'b@example.gov.cn', '--name', 'B', '--role', 'staff', '--bureau', '不存在的局', '--password', 'long-enough']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('No bureau named 不存在的局');
    });

    it.each([
      [['--role', 'king', '--password', 'long-enough'], '--role must be one of'],
      [['--role', 'admin', '--password', 'short'], 'at least 8'],
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
