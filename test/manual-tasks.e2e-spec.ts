import { DataSource } from 'typeorm';
import { planSweep } from '@luoshi/reminders';
import { bootApiWorld, type ApiWorld } from './support/api-world';
import { databaseTargets } from './support/test-env';
import { fileForm } from './support/fixtures';
import ExcelJS from 'exceljs';

/** A 督办台账 workbook of these rows under the standard header (a title line above it, as ledgers have). */
async function ledger(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('台账');
  sheet.addRow(['2025年督办事项台账']);
  sheet.addRow(['序号', '事项', '牵头单位', '配合单位', '完成时限', '目标']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

jest.setTimeout(90_000);

/** Tasks made by hand (交办事项, 领导批示件): filed under a bureau one may write to, audited, shared and reminded. */
describe.each(databaseTargets())('tasks made by hand on %s', (target) => {
  let api: ApiWorld;
  let ds: DataSource;
  let finance: number;

  const task = (extra: Record<string, unknown> = {}) => ({
    bureauId: api.world.bureaus.a,
    title: '落实区领导关于行政复议工作的批示',
    body: '对照批示要求梳理积案，逐件明确办理时限。',
    dueDate: '2025-06-30',
    owner: '区司法局',
    coOwners: ['区财政局', '各镇街'],
    targetText: '清理积案不少于30件',
    sourceKind: 'instruction',
    ...extra,
  });

  beforeAll(async () => {
    api = await bootApiWorld(target, { REDIS_URL: 'redis://127.0.0.1:1', LOGIN_RATE_LIMIT: '100' });
    ds = api.app.get(DataSource);
    const created = await api.as.admin.post('/api/bureaus', {
      name: '杭州市西湖区财政局',
      region: '浙江省杭州市西湖区',
      level: 'district',
    });
    if (created.status !== 201) throw new Error(`bureau: ${created.status} ${created.text}`);
    finance = created.body.id;
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('POST /api/tasks', () => {
    it('creates a task without a report, keeps where it came from, audits it and shares it with co-owning bureaus', async () => {
      const res = await api.as.staffA.post('/api/tasks', task());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        reportId: null,
        source: null,
        bureauId: api.world.bureaus.a,
        planYear: 2025,
        sourceKind: 'instruction',
        title: '落实区领导关于行政复议工作的批示',
        owner: '区司法局',
        coOwners: ['区财政局', '各镇街'],
        dueDate: '2025-06-30',
        status: 'planned',
        canEdit: true,
        version: 1,
      });
      expect(res.body.targets).toEqual([expect.objectContaining({ op: '>=', value: 30, unit: '件' })]);
      expect(res.body.participants).toEqual([
        expect.objectContaining({ bureauId: finance, unit: '区财政局', role: 'co' }),
      ]);
      const audit = await api.as.staffA.get(`/api/tasks/${res.body.id}/audit`);
      expect(audit.body.items).toEqual([
        expect.objectContaining({ action: 'create', field: 'sourceKind', after: 'instruction' }),
      ]);
      // The list shows it, with its kind.
      const list = await api.as.staffA.get(`/api/tasks?q=${encodeURIComponent('行政复议工作的批示')}`);
      expect(list.body.items).toEqual([expect.objectContaining({ id: res.body.id, sourceKind: 'instruction' })]);
    });

    it('is reminded like any task, though no report or plan item holds it', async () => {
      const res = await api.as.staffA.post('/api/tasks', task({ title: '提醒用交办事项', coOwners: [] }));
      expect(res.status).toBe(201);
      // Monday 2025-06-23: seven days before the due date.
      const plan = await planSweep(ds, '2025-06-23');
      const owed = plan.reminders.filter((r) => r.planItemId === res.body.id).map((r) => r.userId);
      expect(owed).toContain(api.world.users.staffA.id);
      expect(owed).not.toContain(api.world.users.staffB.id);
    });

    it('files under the subtree for supervisors and anywhere for admins, with an assignee of that bureau', async () => {
      const bySupervisor = await api.as.supervisor.post('/api/tasks', task({ title: '督查交办' }));
      expect(bySupervisor.status).toBe(201);
      const byAdmin = await api.as.admin.post(
        '/api/tasks',
        task({ bureauId: api.world.bureaus.b, title: '管理员交办', assigneeId: api.world.users.staffB.id }),
      );
      expect(byAdmin.status).toBe(201);
      expect(byAdmin.body).toMatchObject({ sourceKind: 'instruction', assigneeId: api.world.users.staffB.id });
      // Defaults: a hand-made task, its text the title when none is given.
      const plain = await api.as.staffA.post('/api/tasks', { bureauId: api.world.bureaus.a, title: '补录漏项' });
      expect(plain.status).toBe(201);
      expect(plain.body).toMatchObject({ sourceKind: 'manual', body: '补录漏项', dueDate: null, coOwners: [] });
    });

    it("refuses another bureau's user and bureaus one may not write to", async () => {
      await expect(api.as.staffB.post('/api/tasks', task())).resolves.toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN', messageZh: expect.stringMatching(/本单位/) },
      });
      await expect(api.as.staffA.post('/api/tasks', task({ bureauId: api.world.bureaus.b }))).resolves.toMatchObject({
        status: 403,
      });
      await expect(
        api.as.supervisor.post('/api/tasks', task({ bureauId: api.world.bureaus.b })),
      ).resolves.toMatchObject({ status: 403 });
      await expect(api.as.admin.post('/api/tasks', task({ bureauId: 999_999 }))).resolves.toMatchObject({
        status: 422,
        body: { code: 'BUREAU_NOT_FOUND' },
      });
      await expect(
        api.as.staffA.post('/api/tasks', task({ assigneeId: api.world.users.staffB.id })),
      ).resolves.toMatchObject({ status: 422, body: { code: 'ASSIGNEE_NOT_IN_BUREAU' } });
      await expect(api.http.post('/api/tasks', task())).resolves.toMatchObject({ status: 401 });
    });

    it.each([
      ['a missing title', { title: undefined }],
      ['a blank title', { title: '   ' }],
      ['a huge title', { title: '题'.repeat(501) }],
      ['a title of the wrong type', { title: { $gt: '' } }],
      ['an impossible date', { dueDate: '2025-02-30' }],
      ['a date of the wrong shape', { dueDate: '30/06/2025' }],
      ['too many co-units', { coOwners: Array.from({ length: 31 }, (_, i) => `单位${i}`) }],
      ['nested co-units', { coOwners: [['区财政局']] }],
      ['a kind only the system sets', { sourceKind: 'report' }],
      ['a malformed target', { targets: [{ text: 'x', metric: 'x', op: '~', value: 1 }] }],
      ['a field no task has', { reportId: 1 }],
      ['a bureau id of the wrong type', { bureauId: '1; DROP TABLE plan_item' }],
    ])('answers 400 with both languages for %s', async (_name, extra) => {
      const res = await api.as.staffA.post('/api/tasks', task(extra));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ message: expect.any(String), messageZh: expect.any(String) });
    });
  });

  describe('GET /api/exports/tasks.csv and tasks.xlsx', () => {
    it('carry the assignee, the status reason, the latest progress and the source kind', async () => {
      const made = await api.as.staffA.post(
        '/api/tasks',
        task({ title: '导出用交办事项', coOwners: [], assigneeId: api.world.users.staffA.id }),
      );
      expect(made.status).toBe(201);
      const id = made.body.id as number;
      const progressed = await api.as.staffA.post(`/api/tasks/${id}/progress`, {
        version: made.body.version,
        percent: 40,
        note: '已完成积案梳理',
      });
      expect(progressed.status).toBe(201);
      const blocked = await api.as.staffA.post(`/api/tasks/${id}/transitions`, {
        version: progressed.body.version,
        to: 'blocked',
        reason: '等待区财政局拨付经费',
      });
      expect(blocked.status).toBe(201);
      const csv = await api.as.staffA.get(`/api/exports/tasks.csv?q=${encodeURIComponent('导出用交办事项')}`);
      expect(csv.status).toBe(200);
      const [header, row] = csv.text
        .replace(/^\ufeff/, '')
        .trim()
        .split('\n');
      expect(header).toContain('责任人,状态说明,最新进展日期,最新进展,来源');
      expect(row).toContain(',staff,');
      expect(row).toContain('等待区财政局拨付经费');
      expect(row).toContain('领导批示');
      expect(row).toMatch(/,\d{4}-\d{2}-\d{2},等待区财政局拨付经费,领导批示$/);
      const xlsx = await api.as.staffA.get(`/api/exports/tasks.xlsx?q=${encodeURIComponent('导出用交办事项')}`);
      const ExcelJS = (await import('exceljs')).default;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.bytes as never);
      const sheet = book.worksheets[0];
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      const values = (sheet.getRow(2).values as unknown[]).slice(1);
      const cell = (name: string) => values[headers.indexOf(name)];
      expect(cell('状态说明')).toBe('等待区财政局拨付经费');
      expect(cell('最新进展')).toBe('等待区财政局拨付经费');
      expect(cell('来源')).toBe('领导批示');
      expect(cell('责任人')).toBe('staff');
    });
  });

  describe('POST /api/tasks/import/preview, POST /api/tasks/import, GET /api/tasks/import/template.xlsx', () => {
    const rows = [
      [1, '规范涉企收费执法检查', '区司法局', '区财政局、各镇街', '2025年9月底', '检查企业不少于80家'],
      [2, '建立法律援助绿色通道', '区司法局', '', '2025-12-31', ''],
      [3, '', '区司法局', '', '2025-13-01', ''],
      [4, '推进公共法律服务点建设', '区水务局', '', '2025-06-30', ''],
    ];
    const form = async (fields: Record<string, string> = {}, data = rows) =>
      fileForm('台账.xlsx', await ledger(data), { bureauId: String(api.world.bureaus.a), ...fields });

    it('previews the rows with their problems and saves nothing', async () => {
      const res = await api.as.staffA.post('/api/tasks/import/preview', await form());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ bureauId: api.world.bureaus.a, valid: 2, invalid: 2 });
      expect(res.body.rows[0]).toMatchObject({
        row: 3,
        title: '规范涉企收费执法检查',
        owner: '区司法局',
        coOwners: ['区财政局', '各镇街'],
        dueDate: '2025-09-30',
        problems: [],
      });
      expect(res.body.rows[2].problems.map((p: { code: string }) => p.code)).toEqual(['MISSING_TITLE', 'BAD_DATE']);
      expect(res.body.rows[3].problems).toEqual([
        expect.objectContaining({ code: 'UNKNOWN_LEAD', messageZh: '牵头单位“区水务局”不是已知单位' }),
      ]);
      const listed = await api.as.staffA.get(`/api/tasks?q=${encodeURIComponent('涉企收费执法检查')}`);
      expect(listed.body.total).toBe(0);
    });

    it('imports all or nothing, or only the valid rows when asked, in one audited transaction', async () => {
      const refused = await api.as.staffA.post('/api/tasks/import', await form());
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'LEDGER_ROWS_INVALID', messageZh: expect.stringContaining('2行') });
      expect((await api.as.staffA.get(`/api/tasks?q=${encodeURIComponent('涉企收费执法检查')}`)).body.total).toBe(0);

      const res = await api.as.staffA.post('/api/tasks/import', await form({ onlyValid: 'true' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ bureauId: api.world.bureaus.a, created: 2, skipped: 2 });
      const detail = await api.as.staffA.get(`/api/tasks/${res.body.taskIds[0]}`);
      expect(detail.body).toMatchObject({
        sourceKind: 'import',
        reportId: null,
        title: '规范涉企收费执法检查',
        dueDate: '2025-09-30',
        participants: [expect.objectContaining({ bureauId: finance })],
        targets: [expect.objectContaining({ op: '>=', value: 80 })],
      });
      const audit = await api.as.staffA.get(`/api/tasks/${res.body.taskIds[0]}/audit`);
      expect(audit.body.items).toEqual([expect.objectContaining({ action: 'create', after: 'import' })]);
      // A clean ledger goes in whole.
      const clean = await api.as.supervisor.post('/api/tasks/import', await form({}, [rows[1]]));
      expect(clean.status).toBe(201);
      expect(clean.body.created).toBe(1);
    });

    it('hands out a template the import itself reads', async () => {
      const template = await api.as.staffB.get('/api/tasks/import/template.xlsx');
      expect(template.status).toBe(200);
      expect(template.headers.get('content-type')).toContain('spreadsheetml');
      const res = await api.as.staffA.post(
        '/api/tasks/import/preview',
        fileForm('template.xlsx', template.bytes, { bureauId: String(api.world.bureaus.a) }),
      );
      expect(res.status).toBe(200);
      expect(res.body.rows).toHaveLength(1);
      expect(res.body.rows[0].problems).toEqual([]);
    });

    it("refuses another bureau's user and bureaus one may not write to", async () => {
      for (const path of ['/api/tasks/import/preview', '/api/tasks/import'])
        await expect(api.as.staffB.post(path, await form())).resolves.toMatchObject({
          status: 403,
          body: { code: 'FORBIDDEN' },
        });
      await expect(
        api.as.supervisor.post('/api/tasks/import/preview', await form({ bureauId: String(api.world.bureaus.b) })),
      ).resolves.toMatchObject({ status: 403 });
      await expect(api.http.post('/api/tasks/import/preview', await form())).resolves.toMatchObject({ status: 401 });
      // An admin has no bureau of their own: one must be named.
      const noBureau = new FormData();
      noBureau.append('file', new Blob([new Uint8Array(await ledger(rows))]), 'x.xlsx');
      await expect(api.as.admin.post('/api/tasks/import/preview', noBureau)).resolves.toMatchObject({
        status: 422,
        body: { code: 'BUREAU_REQUIRED' },
      });
    });

    it('refuses hostile files with a status and both languages', async () => {
      const a = String(api.world.bureaus.a);
      const send = (bytes: Buffer, fields: Record<string, string> = { bureauId: a }) =>
        api.as.staffA.post('/api/tasks/import/preview', fileForm('台账.xlsx', bytes, fields));
      const expectRefused = async (res: Promise<{ status: number; body: unknown }>, status: number, code?: string) => {
        const answer = await res;
        expect(answer.status).toBe(status);
        expect(answer.body).toMatchObject({ messageZh: expect.any(String), ...(code ? { code } : {}) });
      };
      // Not a workbook: a CSV renamed, an old .xls, a zip of something else, nothing at all.
      await expectRefused(send(Buffer.from('事项,牵头单位\n规范执法,区司法局\n')), 415, 'NOT_XLSX');
      await expectRefused(
        send(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)])),
        415,
        'LEGACY_XLS',
      );
      await expectRefused(send(Buffer.alloc(0)), 415, 'NOT_XLSX');
      // Too large a file.
      await expectRefused(send(Buffer.alloc(2 * 1024 * 1024 + 1, 0x41)), 413);
      // A sheet with no header, a header with no rows, too many rows.
      await expectRefused(
        send(
          await ledger([]).then(async () => {
            const book = new ExcelJS.Workbook();
            book.addWorksheet('x').addRow(['姓名', '电话']);
            return Buffer.from(await book.xlsx.writeBuffer());
          }),
        ),
        422,
        'NO_HEADER',
      );
      await expectRefused(send(await ledger([])), 422, 'EMPTY_LEDGER');
      const many = Array.from({ length: 1001 }, (_, i) => [i, `事项${i}`, '区司法局', '', '', '']);
      await expectRefused(send(await ledger(many)), 422, 'TOO_MANY_ROWS');
      // Formulas are not evaluated nor imported: the row says so.
      const formula = await send(
        await ledger([
          [1, { formula: 'HYPERLINK("http://evil.test","点我")', result: '点我' }, '区司法局', '', '', ''],
        ]),
      );
      expect(formula.status).toBe(200);
      expect(formula.body.rows[0].problems).toEqual([expect.objectContaining({ code: 'FORMULA', field: 'title' })]);
      // Wrong fields.
      await expectRefused(send(await ledger(rows), { bureauId: 'abc' }), 400);
      await expectRefused(send(await ledger(rows), { bureauId: a, onlyValid: 'yes' }), 400);
      await expectRefused(send(await ledger(rows), { bureauId: a, extra: 'x' }), 400);
      await expectRefused(api.as.staffA.post('/api/tasks/import/preview', { file: 'x' }), 415);
    });
  });
});
