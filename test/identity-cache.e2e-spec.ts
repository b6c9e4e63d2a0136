import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ApiToken, User } from '@luoshi/db';
import { bootApiWorld, type ApiWorld } from './support/api-world';
import type { HttpClient } from './support/http-client';
import { login } from './support/seed-users';
import { databaseTargets } from './support/test-env';
import { until } from './support/until';

/**
 * A GET whose token was seen before runs on the cached actor while the identity is re-read beside
 * it (AuthGuard, IdentityRecheckInterceptor). These specs change the user behind the API's back —
 * straight in the database, as another API process would — between two requests, and expect the
 * very next one to know.
 */
describe.each(databaseTargets())('identity on every request, read beside the handler, on %s', (target) => {
  let api: ApiWorld;
  let ds: DataSource;
  const titles = (body: { items: Array<{ title: string }> }) => body.items.map((t) => t.title).sort();

  beforeAll(async () => {
    api = await bootApiWorld(target, { LOGIN_RATE_LIMIT: '1000', LOGIN_ACCOUNT_RATE_LIMIT: '1000' });
    ds = api.app.get(DataSource);
    const make = async (as: HttpClient, bureauId: number, title: string) => {
      const res = await as.post('/api/tasks', { bureauId, title, sourceKind: 'manual' });
      if (res.status !== 201) throw new Error(`task ${title}: ${res.status} ${res.text}`);
    };
    await make(api.as.staffA, api.world.bureaus.a, '西湖区的事项');
    await make(api.as.staffB, api.world.bureaus.b, '武侯区的事项');
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  /** A fresh login of a seeded user, its token already seen once (so the next GET takes the cached path). */
  async function warmLogin(email: string): Promise<HttpClient> {
    const client = await login(api.http, email);
    const first = await client.get('/api/tasks');
    if (first.status !== 200) throw new Error(`warm-up GET: ${first.status}`);
    return client;
  }

  const users = () => ds.getRepository(User);

  it.each([
    ['a GET', 'GET', '/api/tasks'],
    ['a HEAD', 'HEAD', '/api/tasks'],
    // The handler's own answer (404 for an unknown task) is not what a disabled user learns.
    ['a GET the handler refuses', 'GET', '/api/tasks/999999'],
    // On PostgreSQL the list reads the identity in its page's statement; refused before it, the identity is read alone.
    ['a list the validation refuses', 'GET', '/api/tasks?page=0'],
    ['a list of a bureau out of sight', 'GET', `/api/tasks?bureauId=999999`],
    ['a GET of another route', 'GET', '/api/notifications/unread-count'],
    // A handler that sends its own reply (@Res) cannot be taken back: it waits for the identity.
    ['an export', 'GET', '/api/exports/tasks.csv'],
  ])('answers 401 to %s right after the user was disabled', async (_what, method, path) => {
    const staff = await warmLogin(api.world.users.staffA2.email);
    await users().update(api.world.users.staffA2.id, { disabledAt: new Date() });
    try {
      // fetch itself: a HEAD answer has a JSON type and no body.
      const res = await fetch(`${staff.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${staff.token}` },
      });
      expect(res.status).toBe(401);
      if (method === 'GET') await expect(res.json()).resolves.toMatchObject({ messageZh: '请先登录' });
    } finally {
      await users().update(api.world.users.staffA2.id, { disabledAt: null as unknown as Date });
    }
  });

  it('answers 401 on the next GET after the login token was ended and after an API token was revoked', async () => {
    const staff = await warmLogin(api.world.users.staffA2.email);
    const created = await staff.post('/api/auth/tokens', { name: '同步脚本' });
    expect(created.status).toBe(201);
    const bot = api.http.as(created.body.token as string);
    await expect(bot.get('/api/tasks')).resolves.toMatchObject({ status: 200 });
    await ds.getRepository(ApiToken).update({ userId: api.world.users.staffA2.id }, { revokedAt: new Date() });
    await expect(bot.get('/api/tasks')).resolves.toMatchObject({ status: 401 });
    await expect(staff.get('/api/tasks')).resolves.toMatchObject({ status: 200 });
    await users().increment({ id: api.world.users.staffA2.id }, 'tokenVersion', 1);
    await expect(staff.get('/api/tasks')).resolves.toMatchObject({ status: 401 });
  });

  it('answers 403 PASSWORD_CHANGE_REQUIRED on the next GET after a reset, while /api/auth/me still answers', async () => {
    const staff = await warmLogin(api.world.users.staffA2.email);
    await users().update(api.world.users.staffA2.id, { mustChangePassword: true });
    try {
      await expect(staff.get('/api/tasks')).resolves.toMatchObject({
        status: 403,
        body: { code: 'PASSWORD_CHANGE_REQUIRED' },
      });
      await expect(staff.get('/api/auth/me')).resolves.toMatchObject({ status: 200 });
    } finally {
      await users().update(api.world.users.staffA2.id, { mustChangePassword: false });
    }
  });

  it('lists with the new bureau and the new role on the very next GET', async () => {
    const staff = await warmLogin(api.world.users.staffA2.email);
    await expect(staff.get('/api/tasks').then((r) => titles(r.body))).resolves.toEqual(['西湖区的事项']);
    await users().update(api.world.users.staffA2.id, { bureauId: api.world.bureaus.b });
    try {
      await expect(staff.get('/api/tasks').then((r) => titles(r.body))).resolves.toEqual(['武侯区的事项']);
      await expect(staff.get('/api/auth/me')).resolves.toMatchObject({ body: { bureauId: api.world.bureaus.b } });
      await users().update(api.world.users.staffA2.id, { role: 'admin', bureauId: null });
      await expect(staff.get('/api/tasks').then((r) => titles(r.body))).resolves.toEqual([
        '武侯区的事项',
        '西湖区的事项',
      ]);
      await users().update(api.world.users.staffA2.id, { role: 'staff', bureauId: api.world.bureaus.a });
      await expect(staff.get('/api/tasks').then((r) => titles(r.body))).resolves.toEqual(['西湖区的事项']);
    } finally {
      await users().update(api.world.users.staffA2.id, { role: 'staff', bureauId: api.world.bureaus.a });
    }
  });

  if (target === 'postgres') {
    describe('on PostgreSQL, the identity read and the page', () => {
      /** A session of its own on the test database, holding `table` locked until released. */
      async function lockTable(table: string): Promise<{ client: Client; release(sql?: string): Promise<void> }> {
        const client = new Client({ connectionString: (api.db.config.database as { url: string }).url });
        await client.connect();
        await client.query('BEGIN');
        await client.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
        return {
          client,
          release: async (sql?: string) => {
            if (sql) await client.query(sql);
            await client.query('COMMIT');
            await client.end();
          },
        };
      }

      /** Queries of the API now waiting for a lock, by their text. */
      async function waiting(): Promise<string[]> {
        const rows = (await ds.query(
          `SELECT "query" FROM pg_stat_activity WHERE "datname" = current_database() AND "wait_event_type" = 'Lock'`,
        )) as Array<{ query: string }>;
        return rows.map((r) => r.query);
      }

      it('run at the same time: both wait together while their tables are locked', async () => {
        const staff = await warmLogin(api.world.users.staffA.email);
        const own = await staff.get('/api/tasks');
        const taskId = (own.body as { items: Array<{ id: number }> }).items[0].id;
        const userLock = await lockTable('user');
        const taskLock = await lockTable('plan_item');
        let answer: Promise<{ status: number }> | undefined;
        try {
          // A task's page (not the list, which reads its identity in its own statement, below).
          answer = staff.get(`/api/tasks/${taskId}`);
          // Run one after the other, the task's statement would never start while the identity waits.
          await until(
            async () => {
              const queries = await waiting();
              // pg_stat_activity cuts long texts: the task's SELECT is known by its entity alias.
              return (
                queries.some((q) => q.includes('FROM "user" WHERE')) &&
                queries.some((q) => q.startsWith('SELECT "PlanItem"."id"'))
              );
            },
            'the identity and the task waiting together',
            10_000,
          );
        } finally {
          await taskLock.release();
          await userLock.release();
        }
        await expect(answer).resolves.toMatchObject({ status: 200 });
      });

      it('the list reads the identity, its participations and its page in one statement', async () => {
        const staff = await warmLogin(api.world.users.staffA.email);
        const userLock = await lockTable('user');
        const taskLock = await lockTable('plan_item');
        let answer: Promise<{ status: number; body: { items: Array<{ title: string }> } }> | undefined;
        let seen: string[] = [];
        try {
          answer = staff.get('/api/tasks');
          await until(
            async () => (seen = await waiting()).some((q) => q.includes('"plan_item"')),
            'the list waiting',
            10_000,
          );
          // Nothing else of the request waits: the identity is in the page's statement, and no
          // separate read of task_participant came first.
          await new Promise((resolve) => setTimeout(resolve, 200));
          seen = await waiting();
        } finally {
          await taskLock.release();
          await userLock.release();
        }
        expect(seen).toHaveLength(1);
        expect(seen[0]).toContain('FROM "user" WHERE');
        expect(seen[0]).toContain('"task_participant"');
        await expect(answer).resolves.toMatchObject({ status: 200 });
        expect(titles((await answer)!.body)).toEqual(['西湖区的事项']);
      });

      it('drop the page computed for a user disabled while the identity was being read', async () => {
        const staff = await warmLogin(api.world.users.staffA2.email);
        const userLock = await lockTable('user');
        let answer: Promise<{ status: number }> | undefined;
        try {
          answer = staff.get('/api/tasks');
          await until(
            async () => (await waiting()).some((q) => q.includes('FROM "user" WHERE')),
            'the identity waiting',
            10_000,
          );
        } finally {
          await userLock.release(
            `UPDATE "user" SET "disabledAt" = NOW() WHERE "id" = ${Number(api.world.users.staffA2.id)}`,
          );
        }
        try {
          await expect(answer).resolves.toMatchObject({ status: 401 });
        } finally {
          await users().update(api.world.users.staffA2.id, { disabledAt: null as unknown as Date });
        }
      });
    });
  }
});
