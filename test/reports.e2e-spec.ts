import { bootApiWorld, type ApiWorld } from './support/api-world';
import { rowCounts } from './support/db-counts';
import { fileForm, parserFixture, sample } from './support/fixtures';
import type { HttpClient } from './support/http-client';
import { databaseTargets } from './support/test-env';

describe.each(databaseTargets())('reports over HTTP on %s', (target) => {
  let api: ApiWorld;
  let db: ApiWorld['db'];
  let world: ApiWorld['world'];
  let admin: HttpClient;
  let staffA: HttpClient;
  let supervisor: HttpClient;

  beforeAll(async () => {
    api = await bootApiWorld(target, { REPORT_MAX_BYTES: String(64 * 1024) });
    ({ db, world } = api);
    ({ admin, staffA, supervisor } = api.as);
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('POST /api/reports', () => {
    it('returns the existing report for the same content and bureau, and writes nothing (200)', async () => {
      const file = () => fileForm('wuhou-2024.txt', sample('wuhou-2024.txt'));
      const first = await admin.post('/api/reports', file());
      expect(first).toMatchObject({ status: 201, body: { status: 'created' } });
      const before = await rowCounts(db.config);
      const res = await admin.post('/api/reports', file());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'duplicate', report: { id: first.body.report.id } });
      await expect(rowCounts(db.config)).resolves.toEqual(before);
    });

    it('accepts JSON text from staff and stores it under their own bureau', async () => {
      const res = await staffA.post('/api/reports', {
        text: sample('xihu-2023.txt').toString('utf8'),
        sourceUrl: 'https://example.gov.cn/xihu/2023.html',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'created',
        itemCount: 7,
        report: { bureauId: world.bureaus.a, bureauName: '杭州市西湖区司法局', planYear: 2024, revision: 1 },
      });
    });

    it('accepts a GBK HTML page as a multipart upload', async () => {
      const res = await supervisor.post(
        '/api/reports',
        fileForm('page.html', parserFixture('ok/html-gbk-chrome/input.html'), {
          bureauId: String(world.bureaus.city),
          reportYear: '2024',
        }),
      );
      expect(res.status).toBe(201);
      expect(res.body.report).toMatchObject({ bureauId: world.bureaus.city, reportYear: 2024, planYear: 2025 });
    });

    it('stores an upload exactly as its preview read it: HTML stripped even where detection alone would not see HTML', async () => {
      // <section> is not among the tags that make plain text look like HTML, so only the declared kind strips them.
      const html = sample('xihu-2024.txt')
        .toString('utf8')
        .split('\n')
        .map((line) => `<section>${line}</section>`)
        .join('\n');
      const preview = await admin.post('/api/reports/preview', { html, bureauId: world.bureaus.b });
      expect(preview.status).toBe(200);
      expect(preview.body.text).not.toContain('<section>');
      const count = (items: Array<{ children: unknown[] }>): number =>
        items.reduce((n, i) => n + 1 + count(i.children as Array<{ children: unknown[] }>), 0);
      const res = await admin.post('/api/reports', { html, bureauId: world.bureaus.b });
      expect(res.status).toBe(201);
      expect(res.body.itemCount).toBe(count(preview.body.items));
      const stored = await admin.get(`/api/reports/${res.body.report.id}?include=text`);
      expect(stored.body.text).toBe(preview.body.text);
    });

    it('stores a report without a plan section with no tasks and the parser warning', async () => {
      const res = await admin.post('/api/reports', {
        text: parserFixture('ok/no-plan-section/input.txt').toString('utf8'),
      });
      expect(res.status).toBe(201);
      expect(res.body.itemCount).toBe(0);
      expect(res.body.warnings.join(' ')).toContain('NO_PLAN_SECTION');
    });

    it.each([
      ['a non-report', 422, 'NOT_A_REPORT', () => fileForm('notice.txt', parserFixture('not-ok/notice/input.txt'))],
      ['a PDF', 415, 'BINARY_INPUT', () => fileForm('report.pdf', parserFixture('not-ok/pdf/input.bin'))],
      ['empty text', 422, 'EMPTY_INPUT', () => ({ text: '   ' })],
      ['a file over the size limit', 413, 'TOO_LARGE', () => fileForm('big.txt', Buffer.alloc(70 * 1024, 0x61))],
      ['text over the size limit', 413, 'TOO_LARGE', () => ({ text: '法治'.repeat(40 * 1024) })],
      ['text just over the parser limit', 413, 'TOO_LARGE', () => ({ text: 'a'.repeat(65 * 1024) })],
      ['both text and html', 400, 'VALIDATION', () => ({ text: 'a', html: '<p>a</p>' })],
      ['an unknown field', 400, 'VALIDATION', () => ({ text: 'a', color: 'red' })],
      ['a bad sourceUrl', 400, 'VALIDATION', () => ({ text: 'a', sourceUrl: 'javascript:alert(1)' })],
      ['malformed JSON', 400, 'BAD_REQUEST', () => '{"text": '],
    ])('refuses %s with HTTP %s (%s) and writes nothing', async (_name, status, code, body) => {
      const before = await rowCounts(db.config);
      const res = await admin.post('/api/reports', body());
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({
        statusCode: status,
        message: expect.any(String),
        messageZh: expect.any(String),
      });
      expect(res.body.code).toBe(code);
      await expect(rowCounts(db.config)).resolves.toEqual(before);
    });

    it('refuses a staff upload into another bureau with 403 and writes nothing', async () => {
      const before = await rowCounts(db.config);
      const res = await staffA.post('/api/reports', {
        text: sample('wuhou-2023.html').toString('utf8'),
        bureauId: world.bureaus.b,
      });
      expect(res.status).toBe(403);
      await expect(rowCounts(db.config)).resolves.toEqual(before);
    });

    it('keeps a changed version as a new revision and never overwrites tasks with progress', async () => {
      const first = await staffA.post('/api/reports', { text: sample('xihu-2024.txt').toString('utf8') });
      expect(first.status).toBe(201);
      const tasks = await staffA.get(`/api/tasks?reportId=${first.body.report.id}&rootsOnly=true`);
      const started = tasks.body.items[0];
      const moved = await staffA.post(`/api/tasks/${started.id}/transitions`, {
        to: 'in_progress',
        version: started.version,
      });
      expect(moved.status).toBe(201);
      const changed = sample('xihu-2024.txt')
        .toString('utf8')
        .replace('收录普法资源不少于500条', '收录普法资源不少于800条');
      const second = await staffA.post('/api/reports', { text: changed });
      expect(second.status).toBe(201);
      expect(second.body.report.revision).toBe(2);
      expect(second.body.changes).toMatchObject({ changed: ['2'], added: [], removed: [], superseded: 2 });
      expect(second.body.changes.keptWithProgress).toEqual([
        { id: started.id, path: '1', title: started.title, status: 'in_progress' },
      ]);
      const kept = await staffA.get(`/api/tasks/${started.id}`);
      expect(kept.body.status).toBe('in_progress');
      const active = await staffA.get(`/api/tasks?reportId=${first.body.report.id}`);
      expect(active.body.total).toBe(1);
    });
  });

  describe('POST /api/reports/preview', () => {
    it('returns the parse without saving anything', async () => {
      const before = await rowCounts(db.config);
      const res = await staffA.post('/api/reports/preview', { html: sample('wuhou-2023.html').toString('utf8') });
      expect(res.status).toBe(200);
      expect(res.body.report).toMatchObject({ bureau: '成都市武侯区人民政府', planYear: 2024 });
      expect(res.body.items).toHaveLength(3);
      expect(res.body.matchedBureau).toEqual({ id: world.bureaus.b, name: '成都市武侯区人民政府' });
      await expect(rowCounts(db.config)).resolves.toEqual(before);
    });
  });

  describe('GET /api/reports', () => {
    it('lists only reports of bureaus the person may see, and 404s the others', async () => {
      const all = await admin.get('/api/reports?pageSize=200');
      const mine = await staffA.get('/api/reports?pageSize=200');
      expect(mine.body.items.length).toBeGreaterThan(0);
      expect(mine.body.items.every((r: { bureauId: number }) => r.bureauId === world.bureaus.a)).toBe(true);
      const other = all.body.items.find((r: { bureauId: number }) => r.bureauId !== world.bureaus.a);
      await expect(staffA.get(`/api/reports/${other.id}`)).resolves.toMatchObject({ status: 404 });
      const own = await staffA.get(`/api/reports/${mine.body.items[0].id}?include=text`);
      expect(own.status).toBe(200);
      expect(typeof own.body.text).toBe('string');
    });
  });
});
