import { bootApiWorld, type ApiWorld } from './support/api-world';
import { rowCounts } from './support/db-counts';
import { fileForm, inventedReport, parserFixture, sample } from './support/fixtures';
import type { HttpClient } from './support/http-client';
import { databaseTargets } from './support/test-env';
import { writeDocx } from '../libs/report-parser/test/documents/docx-file.helper';
import { reportPdfPages, writePdf } from '../libs/report-parser/test/documents/pdf-file.helper';
import {
  SAMPLE_REPORT_PARAGRAPHS,
  SAMPLE_REPORT_TEXT,
} from '../libs/report-parser/test/documents/sample-report.constants';

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
      [
        'a damaged PDF',
        422,
        'UNREADABLE_DOCUMENT',
        () => fileForm('report.pdf', parserFixture('not-ok/pdf/input.bin')),
      ],
      [
        'an image',
        415,
        'BINARY_INPUT',
        () => fileForm('scan.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
      ],
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

    it.each([
      ['Word (.docx)', 'docx', () => writeDocx(SAMPLE_REPORT_PARAGRAPHS)],
      ['PDF', 'pdf', async () => writePdf(reportPdfPages(SAMPLE_REPORT_PARAGRAPHS, { footer: (n) => `— ${n} —` }))],
    ])('reads an uploaded %s file: its text, parsed, without saving anything', async (_name, format, file) => {
      const before = await rowCounts(db.config);
      const res = await admin.post('/api/reports/preview', fileForm(`青羊区2024年度报告.${format}`, await file()));
      expect(res.status).toBe(200);
      expect(res.body.report).toMatchObject({ bureau: '成都市青羊区司法局', planYear: 2025, encoding: format });
      expect(res.body.text).toBe(SAMPLE_REPORT_TEXT);
      expect(res.body.items.map((i: { title: string }) => i.title)).toEqual([
        '提升行政复议质效',
        '加强公共法律服务',
        '深化法治宣传教育',
      ]);
      await expect(rowCounts(db.config)).resolves.toEqual(before);
    });

    it('refuses a scanned PDF with 422 NO_TEXT_LAYER, in both languages', async () => {
      const scan = writePdf([{ lines: [], scannedImage: true }]);
      const res = await admin.post('/api/reports/preview', fileForm('scan.pdf', scan));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        code: 'NO_TEXT_LAYER',
        messageZh: '该PDF没有文字层（可能是扫描件），请上传含文字的PDF、Word或网页版本',
      });
    });
  });

  describe('a report of another bureau than the uploader’s', () => {
    const qinghe = inventedReport('青禾县司法局');

    it('is flagged by the preview, with the bureau it names and the one it would be filed under', async () => {
      const res = await staffA.post('/api/reports/preview', { text: qinghe });
      expect(res.status).toBe(200);
      expect(res.body.bureauMismatch).toEqual({
        parsedBureau: '青禾县司法局',
        uploaderBureau: '杭州市西湖区司法局',
        filedUnder: { id: world.bureaus.a, name: '杭州市西湖区司法局' },
        createsBureau: false,
        matchedBureau: null,
      });
    });

    it('is refused with 409 BUREAU_MISMATCH naming both bureaus, and nothing is written', async () => {
      const before = await rowCounts(db.config);
      for (const body of [{ text: qinghe }, fileForm('qinghe.txt', Buffer.from(qinghe))]) {
        const res = await staffA.post('/api/reports', body);
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ statusCode: 409, code: 'BUREAU_MISMATCH' });
        for (const name of ['青禾县司法局', '杭州市西湖区司法局']) {
          expect(res.body.message).toContain(name);
          expect(res.body.messageZh).toContain(name);
        }
      }
      await expect(rowCounts(db.config)).resolves.toEqual(before);
    });

    it('is filed under the uploader’s bureau once confirmed (JSON or multipart confirmBureau)', async () => {
      const res = await staffA.post('/api/reports', { text: qinghe, confirmBureau: true });
      expect(res.status).toBe(201);
      expect(res.body.report).toMatchObject({ bureauId: world.bureaus.a, bureauName: '杭州市西湖区司法局' });
      const again = await staffA.post(
        '/api/reports',
        fileForm('qinghe.txt', Buffer.from(qinghe), { confirmBureau: 'true' }),
      );
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ status: 'duplicate', report: { id: res.body.report.id } });
      await expect(staffA.post('/api/reports', { text: qinghe, confirmBureau: 'maybe' })).resolves.toMatchObject({
        status: 400,
        body: { code: 'VALIDATION' },
      });
    });

    it.each([
      ['the uploader’s own report', sample('xihu-2024.txt').toString('utf8'), null],
      ['the district named without its city', inventedReport('西湖区司法局'), null],
      ['a sibling district of the same city', inventedReport('杭州市上城区司法局'), '杭州市上城区司法局'],
      ['another province', inventedReport('云岭省白石市司法局'), '云岭省白石市司法局'],
    ])('compares place by place: %s', async (_what, text, flagged) => {
      const res = await staffA.post('/api/reports/preview', { text });
      expect(res.status).toBe(200);
      expect(res.body.bureauMismatch?.parsedBureau ?? null).toBe(flagged);
    });

    it('names the matched bureau when the report is another known bureau’s; staff are still refused it (403)', async () => {
      const xihu = sample('xihu-2024.txt').toString('utf8');
      const preview = await api.as.staffB.post('/api/reports/preview', { text: xihu });
      expect(preview.body.bureauMismatch).toMatchObject({
        filedUnder: { id: world.bureaus.b },
        matchedBureau: { id: world.bureaus.a, name: '杭州市西湖区司法局' },
      });
      const before = await rowCounts(db.config);
      await expect(api.as.staffB.post('/api/reports', { text: xihu })).resolves.toMatchObject({ status: 403 });
      await expect(rowCounts(db.config)).resolves.toEqual(before);
    });

    it('does not let another bureau’s staff or supervisor file into a bureau they cannot write to (bureauId)', async () => {
      const before = await rowCounts(db.config);
      const intoA = { text: inventedReport('青禾县白石镇人民政府'), bureauId: world.bureaus.a, confirmBureau: true };
      await expect(api.as.staffB.post('/api/reports', intoA)).resolves.toMatchObject({ status: 403 });
      const intoB = { text: inventedReport('青禾县白石镇人民政府'), bureauId: world.bureaus.b, confirmBureau: true };
      await expect(supervisor.post('/api/reports', intoB)).resolves.toMatchObject({ status: 403 });
      await expect(rowCounts(db.config)).resolves.toEqual(before);
    });

    it('holds supervisors and admins to the same rule where a new bureau would be created', async () => {
      const baishi = inventedReport('白石县司法局');
      const preview = await supervisor.post('/api/reports/preview', { text: baishi });
      expect(preview.body.bureauMismatch).toEqual({
        parsedBureau: '白石县司法局',
        uploaderBureau: '杭州市司法局',
        filedUnder: { id: world.bureaus.city, name: '杭州市司法局' },
        createsBureau: true,
        matchedBureau: null,
      });
      const underCity = await admin.post('/api/reports/preview', { text: baishi, parentBureauId: world.bureaus.city });
      expect(underCity.body.bureauMismatch).toMatchObject({
        filedUnder: { id: world.bureaus.city },
        createsBureau: true,
      });
      // An admin's new bureau without a parent sits at the top: under nothing it could differ from.
      const atTop = await admin.post('/api/reports/preview', { text: baishi });
      expect(atTop.body.bureauMismatch).toBeNull();

      const before = await rowCounts(db.config);
      const refused = await supervisor.post('/api/reports', { text: baishi });
      expect(refused).toMatchObject({ status: 409, body: { code: 'BUREAU_MISMATCH' } });
      expect(refused.body.messageZh).toContain('杭州市司法局');
      await expect(
        admin.post('/api/reports', { text: baishi, parentBureauId: world.bureaus.city }),
      ).resolves.toMatchObject({ status: 409 });
      await expect(rowCounts(db.config)).resolves.toEqual(before);

      const confirmed = await supervisor.post('/api/reports', { text: baishi, confirmBureau: true });
      expect(confirmed.status).toBe(201);
      expect(confirmed.body.report.bureauName).toBe('白石县司法局');
      const created = await admin.get(`/api/bureaus/${confirmed.body.report.bureauId}`);
      expect(created.body.parentId).toBe(world.bureaus.city);
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
