import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { signMuteToken } from '@luoshi/reminders';
import { ROOT } from '../support/fixtures';
import { HttpClient } from '../support/http-client';
import { login, seedWorld, type World } from '../support/seed-users';
import { migrateDatabase } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-env';
import { until } from '../support/until';

const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const SECRET = 'log-redaction-secret-log-redaction-01';

/**
 * The built API as production runs it, with request logging on: URLs that carry credentials
 * (calendar feeds, mute links) must reach its logs without them.
 */
describe('request logs', () => {
  let db: TestDatabase;
  let world: World;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`npm run build\` (npm install does it)`);
    db = await createTestDatabase('sqlite');
    await migrateDatabase(db.config);
    world = await seedWorld(db.config);
    const port = 17000 + Math.floor(Math.random() * 2900);
    child = spawn(process.execPath, [API_MAIN], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        JWT_SECRET: SECRET,
        SQLITE_PATH: (db.config.database as { path: string }).path,
        REDIS_URL: 'redis://127.0.0.1:1',
        PORT: String(port),
        API_WORKERS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until(
      () => {
        if (child!.exitCode !== null) throw new Error(`the API exited (${child!.exitCode}):\n${output}`);
        return output.includes('luoshi API listening');
      },
      'the API to listen',
      40_000,
      100,
    );
    baseUrl = `http://127.0.0.1:${port}`;
  }, 60_000);

  let baseUrl = '';

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child!.once('exit', resolve));
    }
    await db?.drop();
  });

  it('carry neither calendar-feed tokens nor mute tokens', async () => {
    const staff = await login(new HttpClient(baseUrl), world.users.staffA.email);
    const feedUrl = new URL((await staff.get('/api/calendar/subscription')).body.url as string);
    const feedToken = feedUrl.pathname
      .split('/')
      .pop()!
      .replace(/\.ics$/, '');
    const muteToken = signMuteToken(world.users.staffA.id, 999_999, SECRET);
    const plain = new HttpClient(baseUrl);
    await expect(plain.get(`${feedUrl.pathname}?mine=1`)).resolves.toMatchObject({ status: 200 });
    await expect(plain.get(`/api/reminders/mute?token=${muteToken}`)).resolves.toMatchObject({ status: 404 });
    await until(
      () => output.includes('/api/reminders/mute?token=[redacted]'),
      'the mute request in the log',
      10_000,
      50,
    );
    expect(output).toContain('/api/calendar/feed/[redacted]?mine=1');
    expect(output).not.toContain(feedToken);
    expect(output).not.toContain(muteToken.split('.').pop());
    // The login token is a header, already redacted; it must not show either.
    expect(output).not.toContain(staff.token);
  }, 30_000);
});
