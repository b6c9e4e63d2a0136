import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { loadConfig } from '@luoshi/config';
import { bootApiWorld, type ApiWorld } from './support/api-world';
import { rowCounts } from './support/db-counts';
import { sample } from './support/fixtures';
import type { HttpClient } from './support/http-client';
import { PASSWORD } from './support/seed-users';
import { databaseTargets } from './support/test-env';

describe.each(databaseTargets())('access control and exports on %s', (target) => {
  let api: ApiWorld;
  let db: ApiWorld['db'];
  let world: ApiWorld['world'];
  let http: HttpClient;
  let staffA: HttpClient;
  let staffB: HttpClient;
  let admin: HttpClient;
  let taskB: { id: number; version: number };
  let reportB: number;
  let reportA: number;

  beforeAll(async () => {
    // Five people log in at boot; five attempts are left for the rate-limit test.
    api = await bootApiWorld(target, { LOGIN_RATE_LIMIT: '10' });
    ({ db, world, http } = api);
    ({ staffA, staffB, admin } = api.as);
    reportA = (await staffA.post('/api/reports', { text: sample('xihu-2023.txt').toString('utf8') })).body.report.id;
    reportB = (await staffB.post('/api/reports', { html: sample('wuhou-2023.html').toString('utf8') })).body.report.id;
    const list = await staffB.get(`/api/tasks?reportId=${reportB}&rootsOnly=true`);
    taskB = list.body.items[0];
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('a staff user of bureau A and bureau B’s task', () => {
    const routes: Array<[string, (c: HttpClient) => Promise<{ status: number }>]> = [
      ['GET /api/tasks/:id', (c) => c.get(`/api/tasks/${taskB.id}`)],
      [
        'PATCH /api/tasks/:id',
        (c) => c.patch(`/api/tasks/${taskB.id}`, { version: taskB.version, assigneeId: world.users.staffA.id }),
      ],
      [
        'POST /api/tasks/:id/transitions',
        (c) => c.post(`/api/tasks/${taskB.id}/transitions`, { version: taskB.version, to: 'in_progress' }),
      ],
      [
        'POST /api/tasks/:id/progress',
        (c) => c.post(`/api/tasks/${taskB.id}/progress`, { version: taskB.version, percent: 50 }),
      ],
      ['POST /api/tasks/:id/comments', (c) => c.post(`/api/tasks/${taskB.id}/comments`, { body: '越权评论' })],
      ['GET /api/tasks/:id/audit', (c) => c.get(`/api/tasks/${taskB.id}/audit`)],
      [
        'POST /api/tasks/:id/extensions',
        (c) =>
          c.post(`/api/tasks/${taskB.id}/extensions`, {
            version: taskB.version,
            newDueDate: '2099-01-01',
            reason: '越权',
          }),
      ],
      ['GET /api/reports/:id', (c) => c.get(`/api/reports/${reportB}`)],
      ['GET /api/bureaus/:id', (c) => c.get(`/api/bureaus/${world.bureaus.b}`)],
    ];

    it.each(routes)('gets 404 from %s and changes nothing', async (_route, call) => {
      const before = await rowCounts(db.config);
      await expect(call(staffA)).resolves.toMatchObject({ status: 404 });
      await expect(rowCounts(db.config)).resolves.toEqual(before);
      await expect(staffB.get(`/api/tasks/${taskB.id}`)).resolves.toMatchObject({
        status: 200,
        body: { version: taskB.version, status: 'planned' },
      });
    });

    it('never sees it in lists, searches, exports or its calendar feed', async () => {
      const bTitle = (await staffB.get(`/api/tasks/${taskB.id}`)).body.title as string;
      const listed = await staffA.get('/api/tasks?pageSize=200');
      expect(listed.body.items.every((t: { bureauId: number }) => t.bureauId === world.bureaus.a)).toBe(true);
      await expect(staffA.get(`/api/tasks?bureauId=${world.bureaus.b}`)).resolves.toMatchObject({ body: { total: 0 } });
      await expect(staffA.get(`/api/tasks?q=${encodeURIComponent(bTitle)}`)).resolves.toMatchObject({
        body: { total: 0 },
      });
      expect((await staffA.get('/api/exports/tasks.csv')).text).not.toContain(bTitle);
      const xlsx = new ExcelJS.Workbook();
      await xlsx.xlsx.load((await staffA.get('/api/exports/tasks.xlsx')).bytes as never);
      const cells = xlsx.worksheets[0].getSheetValues().flat().map(String);
      expect(cells).not.toContain(bTitle);
      const feed = await http.get(new URL((await staffA.get('/api/calendar/subscription')).body.url).pathname);
      expect(feed.text).not.toContain(bTitle);
      const reports = await staffA.get('/api/reports');
      expect(reports.body.items.map((r: { id: number }) => r.id)).toEqual([reportA]);
      const bureaus = await staffA.get('/api/bureaus');
      expect(bureaus.body.items.map((b: { id: number }) => b.id)).toEqual([world.bureaus.a]);
      const extensions = await staffA.get('/api/extensions');
      expect(extensions.status).toBe(200);
      const users = await staffA.get('/api/users');
      expect(users.body.items.length).toBeGreaterThan(0);
      expect(users.body.items.every((u: { bureauId: number }) => u.bureauId === world.bureaus.a)).toBe(true);
    });
  });

  describe('authentication', () => {
    it('requires a token on every non-public route', async () => {
      for (const path of [
        '/api/tasks',
        '/api/reports',
        '/api/bureaus',
        '/api/users',
        '/api/extensions',
        '/api/exports/tasks.csv',
        '/api/auth/me',
      ]) {
        const res = await http.get(path);
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ code: 'UNAUTHORIZED', messageZh: '请先登录' });
      }
      await expect(http.as('not-a-token').get('/api/tasks')).resolves.toMatchObject({ status: 401 });
    });

    it('refuses a token signed with another secret and an expired one', async () => {
      const other = loadConfig({ JWT_SECRET: 'another-secret-'.repeat(3) });
      const { JwtService } = await import('@nestjs/jwt');
      const forged = await new JwtService({ secret: other.auth.jwtSecret }).signAsync({ sub: world.users.admin.id });
      await expect(http.as(forged).get('/api/tasks')).resolves.toMatchObject({ status: 401 });
      const expired = await new JwtService({ secret: db.config.auth.jwtSecret }).signAsync({
        sub: world.users.admin.id,
        exp: Math.floor(Date.now() / 1000) - 10,
      });
      await expect(http.as(expired).get('/api/tasks')).resolves.toMatchObject({ status: 401 });
    });

    it('issues personal API tokens that work until revoked', async () => {
      const created = await staffA.post('/api/auth/tokens', { name: '同步脚本' });
      expect(created.status).toBe(201);
      expect(created.body.token).toMatch(/^lsk_/);
      const bot = http.as(created.body.token);
      await expect(bot.get('/api/auth/me')).resolves.toMatchObject({
        status: 200,
        body: { userId: world.users.staffA.id },
      });
      await expect(staffA.delete(`/api/auth/tokens/${created.body.id}`)).resolves.toMatchObject({ status: 204 });
      await expect(bot.get('/api/auth/me')).resolves.toMatchObject({ status: 401 });
      const listed = await staffA.get('/api/auth/tokens');
      expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    });

    it('says the same for an unknown e-mail and a wrong password, then rate-limits logins', async () => {
      const unknown = await http.post('/api/auth/login', { email: 'nobody@luoshi.test', password: PASSWORD });
      const wrong = await http.post('/api/auth/login', { email: world.users.staffA.email, password: 'wrong-password' });
      expect([unknown.status, wrong.status]).toEqual([401, 401]);
      expect(unknown.body.message).toBe(wrong.body.message);
      let last = 0;
      for (let i = 0; i < 6; i++)
        last = (await http.post('/api/auth/login', { email: world.users.staffA.email, password: 'wrong-password' }))
          .status;
      expect(last).toBe(429);
    });
  });

  describe('queue dashboard', () => {
    it('opens /admin/queues for admins only', async () => {
      await expect(http.get('/admin/queues')).resolves.toMatchObject({ status: 401 });
      await expect(staffA.get('/admin/queues')).resolves.toMatchObject({ status: 403 });
      const page = await admin.get('/admin/queues');
      expect(page.status).toBe(200);
      expect(page.text.toLowerCase()).toContain('<!doctype html>');
      const queues = await admin.get('/admin/queues/api/queues');
      expect(queues.status).toBe(200);
      expect(queues.text).toContain('reminders');
    });
  });

  describe('roles', () => {
    it('lets only admins manage bureaus, and rejects a cycle in the hierarchy', async () => {
      await expect(staffA.post('/api/bureaus', { name: '新建单位' })).resolves.toMatchObject({ status: 403 });
      const created = await admin.post('/api/bureaus', {
        name: '西湖区北山街道司法所',
        parentId: world.bureaus.a,
        level: 'town',
        aliases: ['北山司法所'],
      });
      expect(created.status).toBe(201);
      const cycle = await admin.patch(`/api/bureaus/${world.bureaus.city}`, { parentId: created.body.id });
      expect(cycle.status).toBe(422);
      expect(cycle.body.code).toBe('HIERARCHY_CYCLE');
      const taken = await admin.post('/api/bureaus', { name: '北山司法所' });
      expect(taken.status).toBe(409);
    });

    it('follows a bureau moved in or out of a supervisor’s subtree on the very next request', async () => {
      // The supervisor's subtree comes from this process's copy of the bureau tree (BureauTreeCache),
      // current while bureau_tree_version is: warm it, then move bureau B under the city and back.
      const { supervisor } = api.as;
      const sees = async () =>
        ((await supervisor.get('/api/bureaus')).body.items as Array<{ id: number }>).map((b) => b.id);
      const seesTaskB = async () => (await supervisor.get(`/api/tasks/${taskB.id}`)).status;
      expect(await sees()).not.toContain(world.bureaus.b);
      expect(await seesTaskB()).toBe(404);
      const moveIn = await admin.patch(`/api/bureaus/${world.bureaus.b}`, { parentId: world.bureaus.a });
      expect(moveIn.status).toBe(200);
      expect(await sees()).toContain(world.bureaus.b);
      expect(await seesTaskB()).toBe(200);
      const moveOut = await admin.patch(`/api/bureaus/${world.bureaus.b}`, { parentId: null });
      expect(moveOut.status).toBe(200);
      expect(await sees()).not.toContain(world.bureaus.b);
      expect(await seesTaskB()).toBe(404);
    });
  });

  describe('exports', () => {
    it('writes a CSV that a CSV parser reads back, one row per task', async () => {
      const res = await staffA.get(`/api/exports/tasks.csv?reportId=${reportA}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const rows: string[][] = parseCsv(res.bytes.subarray(3));
      expect(rows[0]).toEqual([
        '编号',
        '单位',
        '计划年度',
        '序号',
        '事项',
        '牵头单位',
        '配合单位',
        '状态',
        '完成时限',
        '原定时限',
        '是否逾期',
        '信号灯',
        '量化指标',
        '责任人',
        '状态说明',
        '最新进展日期',
        '最新进展',
        '来源',
      ]);
      expect(rows).toHaveLength(1 + 7);
      expect(rows.find((r) => r[3] === '1')).toEqual(
        expect.arrayContaining([
          '杭州市西湖区司法局',
          '2024',
          '提升行政复议工作质效',
          '区司法局',
          '区法院',
          '未启动',
          '2024-06-30',
          '是',
          '红',
        ]),
      );
    });

    it('writes an XLSX workbook that ExcelJS opens', async () => {
      const res = await staffA.get(`/api/exports/tasks.xlsx?reportId=${reportA}&rootsOnly=true`);
      expect(res.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.bytes as never);
      const sheet = workbook.getWorksheet('任务清单')!;
      expect(sheet.rowCount).toBe(1 + 4);
      expect(sheet.getRow(1).getCell(5).value).toBe('事项');
      expect(sheet.getRow(2).getCell(5).value).toBe('提升行政复议工作质效');
    });

    it('serves an iCalendar feed by secret URL that a calendar parser reads, and rotating revokes it', async () => {
      const sub = await staffA.get('/api/calendar/subscription');
      expect(sub.status).toBe(200);
      const path = new URL(sub.body.url).pathname;
      const res = await http.get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/calendar');
      const calendar = new ICAL.Component(ICAL.parse(res.text));
      const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
      const open = await staffA.get('/api/tasks?pageSize=200');
      expect(events).toHaveLength(open.body.total);
      const first = events.find((e) => e.summary.includes('提升行政复议工作质效'))!;
      expect(first.startDate.isDate).toBe(true);
      expect(first.startDate.toString()).toBe('2024-06-30');
      const rotated = await staffA.post('/api/calendar/subscription/rotate');
      expect(rotated.body.url).not.toBe(sub.body.url);
      await expect(http.get(path)).resolves.toMatchObject({ status: 404 });
      await expect(http.get('/api/calendar/feed/short.ics')).resolves.toMatchObject({ status: 404 });
    });
  });
});
