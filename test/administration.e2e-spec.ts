import { DataSource } from 'typeorm';
import { bootApiWorld, type ApiWorld } from './support/api-world';
import { fileForm, inventedReport } from './support/fixtures';
import type { HttpClient } from './support/http-client';
import { login, PASSWORD } from './support/seed-users';
import { databaseTargets } from './support/test-env';

jest.setTimeout(90_000);

/** Ids no row has, or that are no ids at all: a 400 or a 404, never a 500 (PostgreSQL's integer ends at 2^31-1). */
/** Ids no row can have answer 404 like a missing one; ids that are not integers 400 (common/parse-id.pipe.ts). */
const HOSTILE_IDS: Array<[string, 400 | 404]> = [
  ['99999999999999999999', 404],
  ['2147483648', 404],
  ['1e20', 400],
  ['0', 404],
  ['-1', 404],
  ['1.5', 400],
  ['abc', 400],
  ['%00', 400],
  ['1%20OR%201=1', 400],
];

describe.each(databaseTargets())('administration on %s', (target) => {
  let api: ApiWorld;
  let ds: DataSource;
  let admin: HttpClient;
  let supervisor: HttpClient;
  let staffA: HttpClient;
  let staffB: HttpClient;
  let supervisorB: HttpClient;

  const audit = (entityType: string, entityId: number): Promise<Array<Record<string, unknown>>> =>
    ds.query(
      `SELECT "action", "field", "before", "after", "actorId" FROM "audit_event" WHERE "entityType" = '${entityType}' AND "entityId" = ${entityId} ORDER BY "id"`,
    );

  /** A new staff member of `bureauId`, logged in. */
  const newStaff = async (email: string, bureauId: number): Promise<{ id: number; client: HttpClient }> => {
    const created = await admin.post('/api/users', {
      email,
      displayName: email.split('@')[0],
      role: 'staff',
      bureauId,
      password: PASSWORD,
    });
    if (created.status !== 201) throw new Error(`user ${email}: ${created.status} ${created.text}`);
    return { id: created.body.id, client: await login(api.http, email) };
  };

  beforeAll(async () => {
    api = await bootApiWorld(target, {
      REDIS_URL: 'redis://127.0.0.1:1',
      LOGIN_RATE_LIMIT: '1000',
      LOGIN_ACCOUNT_RATE_LIMIT: '1000',
    });
    ds = api.app.get(DataSource);
    ({ admin, supervisor, staffA, staffB } = api.as);
    const created = await admin.post('/api/users', {
      email: 'chief@wuhou.test',
      displayName: '武侯督查',
      role: 'supervisor',
      bureauId: api.world.bureaus.b,
      password: PASSWORD,
    });
    if (created.status !== 201) throw new Error(`supervisorB: ${created.status} ${created.text}`);
    supervisorB = await login(api.http, 'chief@wuhou.test');
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('POST /api/users/:id/password-reset', () => {
    it('gives a one-time password, ends the sessions and API tokens, and lets the user do nothing but change it', async () => {
      const { id, client: before } = await newStaff('reset1@xihu.test', api.world.bureaus.a);
      const script = await before.post('/api/auth/tokens', { name: '同步脚本' });
      expect(script.status).toBe(201);
      const tokenClient = api.http.as(script.body.token);
      const feed = (await before.get('/api/calendar/subscription')).body as { url: string };
      const feedPath = new URL(feed.url).pathname;
      await expect(api.http.get(feedPath)).resolves.toMatchObject({ status: 200 });

      const reset = await admin.post(`/api/users/${id}/password-reset`, {});
      expect(reset.status).toBe(200);
      expect(reset.body).toEqual({ userId: id, temporaryPassword: expect.any(String), mustChangePassword: true });
      const temporary = reset.body.temporaryPassword as string;
      expect(temporary).toHaveLength(14);

      // The old login and the API token made under it are over.
      await expect(before.get('/api/auth/me')).resolves.toMatchObject({ status: 401 });
      await expect(tokenClient.get('/api/auth/me')).resolves.toMatchObject({ status: 401 });
      await expect(api.http.get(feedPath)).resolves.toMatchObject({ status: 404 });
      await expect(
        api.http.post('/api/auth/login', { email: 'reset1@xihu.test', password: PASSWORD }),
      ).resolves.toMatchObject({ status: 401 });
      const loggedIn = await api.http.post('/api/auth/login', { email: 'reset1@xihu.test', password: temporary });
      expect(loggedIn.status).toBe(200);
      expect(loggedIn.body.mustChangePassword).toBe(true);
      const pending = api.http.as(loggedIn.body.accessToken);
      for (const [client, path] of [
        [pending, '/api/tasks'],
        [pending, '/api/users'],
        [pending, '/api/auth/tokens'],
      ] as const) {
        const refused = await client.get(path);
        expect(refused.status).toBe(403);
        expect(refused.body).toMatchObject({
          code: 'PASSWORD_CHANGE_REQUIRED',
          message: expect.stringContaining('password'),
          messageZh: expect.stringContaining('密码'),
        });
      }
      await expect(pending.get('/api/auth/me')).resolves.toMatchObject({
        status: 200,
        body: { userId: id, mustChangePassword: true },
      });

      const changed = await pending.post('/api/auth/password', {
        currentPassword: temporary,
        newPassword: 'my-own-new-password-1',
      });
      expect(changed.status).toBe(200);
      expect(changed.body.mustChangePassword).toBe(false);
      const after = api.http.as(changed.body.accessToken);
      await expect(after.get('/api/tasks')).resolves.toMatchObject({ status: 200 });
      // Changing the password does not bring the revoked token back.
      await expect(tokenClient.get('/api/tasks')).resolves.toMatchObject({ status: 401 });
      await expect(after.get('/api/auth/me')).resolves.toMatchObject({ body: { mustChangePassword: false } });

      const trail = await audit('user', id);
      expect(trail.map((e) => e.action)).toEqual(['create', 'password-reset']);
      const resetEntry = trail[1].after;
      expect(typeof resetEntry === 'string' ? JSON.parse(resetEntry) : resetEntry).toMatchObject({
        apiTokensRevoked: 1,
      });
      expect(JSON.stringify(trail)).not.toContain(temporary);
      expect(Number(trail[1].actorId)).toBe(api.world.users.admin.id);
    });

    it('lets a supervisor set a given password for staff of the subtree, and log out while pending', async () => {
      const { id } = await newStaff('reset2@xihu.test', api.world.bureaus.a);
      const reset = await supervisor.post(`/api/users/${id}/password-reset`, { password: 'given-temporary-1' });
      expect(reset.status).toBe(200);
      expect(reset.body).toEqual({ userId: id, temporaryPassword: null, mustChangePassword: true });
      const pending = await api.http.post('/api/auth/login', {
        email: 'reset2@xihu.test',
        password: 'given-temporary-1',
      });
      expect(pending.body.mustChangePassword).toBe(true);
      const client = api.http.as(pending.body.accessToken);
      await expect(client.post('/api/auth/logout')).resolves.toMatchObject({ status: 204 });
      await expect(client.get('/api/auth/me')).resolves.toMatchObject({ status: 401 });
      await expect(admin.get('/api/users')).resolves.toMatchObject({
        body: { items: expect.arrayContaining([expect.objectContaining({ id, mustChangePassword: true })]) },
      });
    });

    it('answers out-of-scope accounts as not found and refuses by role otherwise, writing nothing', async () => {
      const { staffA2, staffB: userB, admin: adminUser, supervisor: supervisorUser } = api.world.users;
      const before = await ds.query(`SELECT COUNT(*) AS "n" FROM "audit_event"`);
      const cases: Array<[HttpClient, number, number, string?]> = [
        [supervisor, userB.id, 404],
        [supervisor, adminUser.id, 404],
        [supervisorB, staffA2.id, 404],
        [staffB, staffA2.id, 404],
        [staffA, staffA2.id, 403, 'FORBIDDEN'],
        [supervisor, supervisorUser.id, 403, 'FORBIDDEN'],
        [admin, adminUser.id, 422, 'SELF_CHANGE'],
        [admin, 999_999, 404, 'NOT_FOUND'],
      ];
      for (const [client, id, status, code] of cases) {
        const res = await client.post(`/api/users/${id}/password-reset`, {});
        expect({ id, status: res.status }).toEqual({ id, status });
        expect(res.body.messageZh).toEqual(expect.any(String));
        if (code) expect(res.body.code).toBe(code);
      }
      await expect(ds.query(`SELECT COUNT(*) AS "n" FROM "audit_event"`)).resolves.toEqual(before);
    });

    it('refuses hostile ids and bodies with a 400', async () => {
      for (const [id, status] of HOSTILE_IDS) {
        const res = await admin.post(`/api/users/${id}/password-reset`, {});
        expect({ id, status: res.status }).toEqual({ id, status });
      }
      const staffA2 = api.world.users.staffA2.id;
      for (const body of [
        { password: 'short' },
        { password: '1234567890' },
        { password: 12345678901 },
        { password: { $gt: '' } },
        { password: ['a-long-password-1'] },
        { password: null },
        { password: 'x1'.repeat(150) },
        { password: 'fine-password-1', role: 'admin' },
      ]) {
        const res = await admin.post(`/api/users/${staffA2}/password-reset`, body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.body.messageZh).toEqual(expect.any(String));
      }
      await expect(admin.request('POST', `/api/users/${staffA2}/password-reset`, '[1,2]')).resolves.toMatchObject({
        status: 400,
      });
    });
  });

  describe('disabled accounts', () => {
    it('stops a disabled user’s API token and login at once', async () => {
      const { id, client } = await newStaff('leaver@xihu.test', api.world.bureaus.a);
      const token = await client.post('/api/auth/tokens', { name: '离职前的脚本' });
      const script = api.http.as(token.body.token);
      await expect(script.get('/api/tasks')).resolves.toMatchObject({ status: 200 });
      await expect(supervisor.patch(`/api/users/${id}`, { disabled: true })).resolves.toMatchObject({ status: 200 });
      await expect(script.get('/api/tasks')).resolves.toMatchObject({ status: 401 });
      await expect(client.get('/api/auth/me')).resolves.toMatchObject({ status: 401 });
      await expect(admin.patch(`/api/users/${id}`, { disabled: false })).resolves.toMatchObject({ status: 200 });
      await expect(script.get('/api/tasks')).resolves.toMatchObject({ status: 200 });
    });
  });

  describe('API tokens', () => {
    let tokenA: number;
    let tokenB: number;

    it('creates tokens that expire after the days asked for, or never', async () => {
      const a = await staffA.post('/api/auth/tokens', { name: '西湖数据同步', expiresInDays: 30 });
      const b = await staffB.post('/api/auth/tokens', { name: '武侯报表' });
      expect([a.status, b.status]).toEqual([201, 201]);
      tokenA = a.body.id;
      tokenB = b.body.id;
      const days = (Date.parse(a.body.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29.9);
      expect(days).toBeLessThanOrEqual(30);
      expect(b.body.expiresAt).toBeNull();
    });

    it('refuses an expiry that is not a whole number of days from 1 to 3650', async () => {
      for (const expiresInDays of [0, -1, 1.5, 3651, '7', null, { days: 7 }, 99999999999999999999]) {
        const res = await staffA.post('/api/auth/tokens', { name: '坏的', expiresInDays });
        expect({ expiresInDays, status: res.status }).toEqual({ expiresInDays, status: 400 });
      }
    });

    it('refuses an expired token with 401', async () => {
      const created = await staffA.post('/api/auth/tokens', { name: '短期', expiresInDays: 1 });
      const client = api.http.as(created.body.token);
      await expect(client.get('/api/tasks')).resolves.toMatchObject({ status: 200 });
      const past = target === 'postgres' ? `NOW() - INTERVAL '1 minute'` : `datetime('now', '-1 minute')`;
      await ds.query(`UPDATE "api_token" SET "expiresAt" = ${past} WHERE "id" = ${created.body.id}`);
      await expect(client.get('/api/tasks')).resolves.toMatchObject({ status: 401 });
      const listed = await admin.get('/api/api-tokens');
      expect(listed.body.items.find((t: { id: number }) => t.id === created.body.id)).toMatchObject({ active: false });
    });

    it('lists every token for admins and the subtree’s for supervisors, never the secret', async () => {
      const all = await admin.get('/api/api-tokens');
      expect(all.status).toBe(200);
      expect(all.body.items.find((t: { id: number }) => t.id === tokenA)).toEqual({
        id: tokenA,
        name: '西湖数据同步',
        userId: api.world.users.staffA.id,
        ownerEmail: 'staff@xihu.test',
        ownerName: 'staff',
        ownerBureauId: api.world.bureaus.a,
        createdAt: expect.any(String),
        lastUsedAt: null,
        revokedAt: null,
        expiresAt: expect.any(String),
        active: true,
      });
      expect(all.text).not.toMatch(/lsk_|tokenHash|"token"/);
      const ids = (res: { body: { items: Array<{ id: number }> } }) => res.body.items.map((t) => t.id);
      const mine = await supervisor.get('/api/api-tokens');
      expect(ids(mine)).toContain(tokenA);
      expect(ids(mine)).not.toContain(tokenB);
      const theirs = await supervisorB.get('/api/api-tokens');
      expect(ids(theirs)).toContain(tokenB);
      expect(ids(theirs)).not.toContain(tokenA);
      await expect(staffA.get('/api/api-tokens')).resolves.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    });

    it('revokes a token at once, audited; out of scope is not found', async () => {
      const created = await staffB.post('/api/auth/tokens', { name: '将被吊销' });
      const client = api.http.as(created.body.token);
      await expect(client.get('/api/tasks')).resolves.toMatchObject({ status: 200 });
      await expect(supervisor.delete(`/api/api-tokens/${created.body.id}`)).resolves.toMatchObject({ status: 404 });
      await expect(staffA.delete(`/api/api-tokens/${tokenA}`)).resolves.toMatchObject({ status: 403 });
      await expect(staffB.delete(`/api/api-tokens/${tokenA}`)).resolves.toMatchObject({ status: 404 });
      await expect(client.get('/api/tasks')).resolves.toMatchObject({ status: 200 });
      await expect(supervisorB.delete(`/api/api-tokens/${created.body.id}`)).resolves.toMatchObject({ status: 204 });
      await expect(client.get('/api/tasks')).resolves.toMatchObject({ status: 401 });
      const trail = await audit('api_token', created.body.id);
      expect(trail).toHaveLength(1);
      expect(trail[0]).toMatchObject({ action: 'revoke' });
      const listed = await admin.get('/api/api-tokens');
      expect(listed.body.items.find((t: { id: number }) => t.id === created.body.id)).toMatchObject({
        revokedAt: expect.any(String),
        active: false,
      });
      await expect(admin.delete(`/api/api-tokens/999999`)).resolves.toMatchObject({ status: 404 });
      for (const [id, status] of HOSTILE_IDS) {
        const res = await admin.delete(`/api/api-tokens/${id}`);
        expect({ id, status: res.status }).toEqual({ id, status });
      }
    });
  });

  describe('bureaus', () => {
    let town: number;

    beforeAll(async () => {
      const created = await admin.post('/api/bureaus', {
        name: '杭州市西湖区留下街道司法所',
        level: 'town',
        parentId: api.world.bureaus.a,
      });
      if (created.status !== 201) throw new Error(`bureau: ${created.status} ${created.text}`);
      town = created.body.id;
    });

    it('lets a supervisor rename and move bureaus below their own, audited', async () => {
      const renamed = await supervisor.patch(`/api/bureaus/${town}`, { name: '杭州市西湖区留下司法所' });
      expect(renamed.status).toBe(200);
      expect(renamed.body.name).toBe('杭州市西湖区留下司法所');
      const moved = await supervisor.patch(`/api/bureaus/${town}`, { parentId: api.world.bureaus.city });
      expect(moved.status).toBe(200);
      expect(moved.body.parentId).toBe(api.world.bureaus.city);
      const trail = await audit('bureau', town);
      expect(trail.map((e) => [e.action, e.field])).toEqual([
        ['create', null],
        ['update', 'name'],
        ['update', 'parentId'],
      ]);
      await expect(supervisor.patch(`/api/bureaus/${town}`, { parentId: api.world.bureaus.a })).resolves.toMatchObject({
        status: 200,
      });
    });

    it('refuses a supervisor outside the subtree (404), moving their own bureau or to the top (403), and staff (403)', async () => {
      const { a, b, city } = api.world.bureaus;
      await expect(supervisor.patch(`/api/bureaus/${b}`, { name: '改名' })).resolves.toMatchObject({ status: 404 });
      await expect(supervisor.patch(`/api/bureaus/${town}`, { parentId: b })).resolves.toMatchObject({ status: 404 });
      await expect(supervisorB.patch(`/api/bureaus/${a}`, { name: '改名' })).resolves.toMatchObject({ status: 404 });
      await expect(supervisor.patch(`/api/bureaus/${city}`, { parentId: a })).resolves.toMatchObject({ status: 403 });
      await expect(supervisor.patch(`/api/bureaus/${town}`, { parentId: null })).resolves.toMatchObject({
        status: 403,
      });
      await expect(staffA.patch(`/api/bureaus/${a}`, { name: '改名了' })).resolves.toMatchObject({ status: 403 });
      await expect(staffB.patch(`/api/bureaus/${a}`, { name: '改名了' })).resolves.toMatchObject({ status: 404 });
      await expect(admin.get(`/api/bureaus/${a}`)).resolves.toMatchObject({ body: { name: '杭州市西湖区司法局' } });
    });

    it('refuses a move that makes a cycle with 422', async () => {
      for (const [client, id, parentId] of [
        [admin, api.world.bureaus.city, town],
        [admin, api.world.bureaus.a, api.world.bureaus.a],
        [supervisor, api.world.bureaus.a, town],
      ] as const) {
        const res = await client.patch(`/api/bureaus/${id}`, { parentId });
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ code: 'HIERARCHY_CYCLE', messageZh: expect.stringContaining('下级') });
      }
    });

    it('refuses hostile ids (400, or 404 for ids no row has) and bodies with a 400', async () => {
      for (const [id, status] of HOSTILE_IDS) {
        for (const res of [
          await admin.patch(`/api/bureaus/${id}`, { name: '某某局' }),
          await admin.get(`/api/bureaus/${id}/usage`),
          await admin.post(`/api/bureaus/${id}/merge`, { intoId: town }),
          await admin.get(`/api/bureaus/${id}`),
        ])
          expect({ id, status: res.status }).toEqual({ id, status });
      }
      for (const body of [
        { parentId: 99999999999999999999 },
        { parentId: 2147483648 },
        { parentId: 'abc' },
        { parentId: { id: 1 } },
        { name: { zh: '某某局' } },
        { name: ['某某局'] },
        { aliases: [{ a: 1 }] },
        { name: 'x' },
      ]) {
        const res = await admin.patch(`/api/bureaus/${town}`, body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      for (const body of [{}, { intoId: 99999999999999999999 }, { intoId: '1' }, { intoId: [1] }, { intoId: null }]) {
        const res = await admin.post(`/api/bureaus/${town}/merge`, body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
      await expect(admin.patch(`/api/bureaus/${town}`, { parentId: 2147483647 })).resolves.toMatchObject({
        status: 404,
      });
      await expect(admin.post(`/api/bureaus/${town}/merge`, { intoId: 2147483647 })).resolves.toMatchObject({
        status: 404,
      });
      await expect(admin.get(`/api/bureaus/2147483647/usage`)).resolves.toMatchObject({ status: 404 });
    });

    it('counts what references a bureau for admins and supervisors of its subtree', async () => {
      const usage = await admin.get(`/api/bureaus/${api.world.bureaus.a}/usage`);
      expect(usage.status).toBe(200);
      expect(usage.body).toEqual({
        subBureaus: 1,
        users: expect.any(Number),
        reports: 0,
        tasks: 0,
        progressUpdates: 0,
        linkOutcomes: 0,
        participations: 0,
        channels: 0,
      });
      expect(usage.body.users).toBeGreaterThanOrEqual(2);
      await expect(supervisor.get(`/api/bureaus/${api.world.bureaus.a}/usage`)).resolves.toMatchObject({
        status: 200,
        body: usage.body,
      });
      await expect(supervisorB.get(`/api/bureaus/${api.world.bureaus.a}/usage`)).resolves.toMatchObject({
        status: 404,
      });
      await expect(staffA.get(`/api/bureaus/${api.world.bureaus.a}/usage`)).resolves.toMatchObject({ status: 403 });
      await expect(staffB.get(`/api/bureaus/${api.world.bureaus.a}/usage`)).resolves.toMatchObject({ status: 404 });
    });

    it('merges an upload’s duplicate into the bureau that stays, in one go, audited', async () => {
      // An admin's upload names a bureau nobody created: the upload creates it (the duplicate).
      const upload = await admin.post(
        '/api/reports',
        fileForm('dup.txt', Buffer.from(inventedReport('西湖区司法局机关'), 'utf8')),
      );
      expect(upload.status).toBe(201);
      const dup = upload.body.report.bureauId as number;
      expect(dup).not.toBe(api.world.bureaus.a);
      const child = await admin.post('/api/bureaus', { name: '西湖区司法局机关第一科', parentId: dup });
      const { id: dupStaff, client: dupClient } = await newStaff('dup@xihu.test', dup);
      const usage = await admin.get(`/api/bureaus/${dup}/usage`);
      const dupName = (await admin.get(`/api/bureaus/${dup}`)).body.name as string;
      expect(usage.body).toMatchObject({ subBureaus: 1, users: 1, reports: 1, tasks: expect.any(Number) });
      expect(usage.body.tasks).toBeGreaterThan(0);
      const aBefore = (await admin.get(`/api/bureaus/${api.world.bureaus.a}/usage`)).body;

      // Not a supervisor's to do, not into itself, not into its own sub-bureau, not into nothing.
      await expect(
        supervisor.post(`/api/bureaus/${town}/merge`, { intoId: api.world.bureaus.a }),
      ).resolves.toMatchObject({ status: 403 });
      await expect(
        supervisorB.post(`/api/bureaus/${town}/merge`, { intoId: api.world.bureaus.b }),
      ).resolves.toMatchObject({ status: 404 });
      await expect(staffA.post(`/api/bureaus/${api.world.bureaus.a}/merge`, { intoId: dup })).resolves.toMatchObject({
        status: 403,
      });
      await expect(admin.post(`/api/bureaus/${dup}/merge`, { intoId: dup })).resolves.toMatchObject({
        status: 422,
        body: { code: 'MERGE_INTO_SELF' },
      });
      await expect(admin.post(`/api/bureaus/${dup}/merge`, { intoId: child.body.id })).resolves.toMatchObject({
        status: 422,
        body: { code: 'HIERARCHY_CYCLE' },
      });
      await expect(admin.post(`/api/bureaus/${dup}/merge`, { intoId: 999_999 })).resolves.toMatchObject({
        status: 404,
      });

      const merged = await admin.post(`/api/bureaus/${dup}/merge`, { intoId: api.world.bureaus.a });
      expect(merged.status).toBe(200);
      expect(merged.body.moved).toEqual(usage.body);
      expect(merged.body.bureau).toMatchObject({
        id: api.world.bureaus.a,
        aliases: expect.arrayContaining([dupName]),
      });
      await expect(admin.get(`/api/bureaus/${dup}`)).resolves.toMatchObject({ status: 404 });
      const aAfter = (await admin.get(`/api/bureaus/${api.world.bureaus.a}/usage`)).body;
      expect(aAfter.tasks).toBe(aBefore.tasks + usage.body.tasks);
      expect(aAfter.reports).toBe(aBefore.reports + 1);
      expect(aAfter.users).toBe(aBefore.users + 1);
      expect(aAfter.subBureaus).toBe(aBefore.subBureaus + 1);
      await expect(admin.get(`/api/bureaus/${child.body.id}`)).resolves.toMatchObject({
        body: { parentId: api.world.bureaus.a },
      });
      // The duplicate's staff now work in bureau A and see its tasks; A's staff see the moved tasks.
      await expect(dupClient.get('/api/auth/me')).resolves.toMatchObject({ body: { bureauId: api.world.bureaus.a } });
      const tasks = await staffA.get(`/api/tasks?reportId=${upload.body.report.id}`);
      expect(tasks.status).toBe(200);
      expect(tasks.body.total).toBe(usage.body.tasks);
      expect((await api.as.staffB.get(`/api/tasks?reportId=${upload.body.report.id}`)).body.total).toBe(0);
      // A later upload under the old name finds the bureau that stayed.
      const again = await admin.post(
        '/api/reports',
        fileForm('dup-2021.txt', Buffer.from(inventedReport('西湖区司法局机关', 2021), 'utf8')),
      );
      expect(again.status).toBe(201);
      expect(again.body.report.bureauId).toBe(api.world.bureaus.a);

      const trail = await audit('bureau', dup);
      expect(trail.map((e) => e.action)).toEqual(['merge']);
      expect(JSON.parse(String(trail[0].after))).toMatchObject({ intoId: api.world.bureaus.a, moved: usage.body });
      expect((await audit('bureau', api.world.bureaus.a)).map((e) => [e.action, e.field])).toContainEqual([
        'merge',
        'aliases',
      ]);
      expect(dupStaff).toBeGreaterThan(0);
    });

    it('refuses a merge that would file one report twice under the same bureau (409)', async () => {
      const text = Buffer.from(inventedReport('某某县司法局', 2022), 'utf8');
      const first = await admin.post('/api/reports', fileForm('x.txt', text));
      expect(first.status).toBe(201);
      const second = await admin.post(
        '/api/reports',
        fileForm('x.txt', text, { bureauId: String(api.world.bureaus.b) }),
      );
      expect(second.status).toBe(201);
      const res = await admin.post(`/api/bureaus/${first.body.report.bureauId}/merge`, { intoId: api.world.bureaus.b });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'DUPLICATE_REPORTS', shared: 1, messageZh: expect.any(String) });
      await expect(admin.get(`/api/bureaus/${first.body.report.bureauId}`)).resolves.toMatchObject({ status: 200 });
    });
  });
});
