import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { writeDocx, writeZip } from '../libs/report-parser/test/documents/docx-file.helper';
import { DataSource } from 'typeorm';
import { bootApiWorld, type ApiWorld } from './support/api-world';
import { fileForm } from './support/fixtures';
import type { HttpClient } from './support/http-client';
import { login, PASSWORD } from './support/seed-users';
import { databaseTargets } from './support/test-env';

/** A district justice bureau's plan (invented, our own words): one item shared with the district finance bureau. */
const REPORT = [
  '杭州市西湖区司法局2033年度法治政府建设工作报告',
  '发布日期：2034年2月18日',
  '2033年，我局坚持依法行政，现将有关情况报告如下：',
  '一、2033年度主要工作',
  '（一）执法监督稳步推进。全年评查执法案卷120卷。',
  '二、2034年工作安排',
  '（一）开展涉企行政检查专项清理。10月底前清理涉企检查事项，形成清单（牵头单位：区司法局；配合单位：区财政局）。',
  '（二）推进公共法律服务站点建设。年底前新建村居法律服务点20个。',
].join('\n');

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 7)]);
// Above the report upload limit (5 MiB, body limit 10 MiB): attachments have their own.
const MAX_BYTES = 12 * 1024 * 1024;

jest.setTimeout(120_000);

describe.each(databaseTargets())('files attached to tasks on %s', (target) => {
  let api: ApiWorld;
  let dir: string;
  let ownDir: string | null = null;
  let shared: number;
  let own: number;
  let finance: number;
  let staffD: HttpClient;

  const upload = (
    client: HttpClient,
    taskId: number,
    name: string,
    bytes: Buffer,
    fields: Record<string, string> = {},
  ) => client.request('POST', `/api/tasks/${taskId}/attachments`, fileForm(name, bytes, fields));
  const storedFiles = () => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

  beforeAll(async () => {
    // SQLite keeps files beside its database file (the default); PostgreSQL gets a folder of its own.
    const env: Record<string, string> = {
      REDIS_URL: 'redis://127.0.0.1:1',
      LOGIN_RATE_LIMIT: '100',
      ATTACHMENTS_MAX_BYTES: String(MAX_BYTES),
    };
    if (target === 'postgres') {
      ownDir = mkdtempSync(join(tmpdir(), 'luoshi-attachments-'));
      env.ATTACHMENTS_DIR = ownDir;
    }
    api = await bootApiWorld(target, env);
    dir = api.db.config.attachments.dir;
    const bureau = await api.as.admin.post('/api/bureaus', {
      name: '杭州市西湖区财政局',
      region: '浙江省杭州市西湖区',
      level: 'district',
    });
    finance = bureau.body.id;
    const user = await api.as.admin.post('/api/users', {
      email: 'staff@caizheng.test',
      displayName: '财政局经办人',
      role: 'staff',
      bureauId: finance,
      password: PASSWORD,
    });
    if (user.status !== 201) throw new Error(`user: ${user.status} ${user.text}`);
    staffD = await login(api.http, 'staff@caizheng.test');
    const report = await api.as.staffA.post('/api/reports', { text: REPORT });
    if (report.status !== 201) throw new Error(`report: ${report.status} ${report.text}`);
    const tasks = (await api.as.staffA.get(`/api/tasks?reportId=${report.body.report.id}`)).body.items as Array<{
      id: number;
      coOwners: string[];
    }>;
    shared = tasks.find((t) => t.coOwners.includes('区财政局'))!.id;
    own = tasks.find((t) => t.coOwners.length === 0)!.id;
  });
  afterAll(async () => {
    await api?.close();
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  });

  it('stores a file, lists it, and downloads the same bytes with headers that make it a download', async () => {
    // By default the files are kept beside the SQLite file.
    const database = api.db.config.database;
    if (database.type === 'better-sqlite3') expect(dir).toBe(join(dirname(database.path), 'attachments'));
    const res = await upload(api.as.staffA, own, '整改报告（第一批）.pdf', PDF);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      taskId: own,
      name: '整改报告（第一批）.pdf',
      size: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      contentType: 'application/pdf',
      uploaderId: api.world.users.staffA.id,
      bureauId: api.world.bureaus.a,
      bureauName: '杭州市西湖区司法局',
      progressUpdateId: null,
      canDelete: true,
    });
    const list = await api.as.staffA2.get(`/api/tasks/${own}/attachments`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: res.body.id, uploaderName: 'staff', canDelete: false }),
    ]);

    const file = await api.as.supervisor.get(res.body.downloadUrl);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(PDF)).toBe(true);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="_________.pdf"; filename*=UTF-8''${encodeURIComponent('整改报告（第一批）.pdf')}`,
    );
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toContain('sandbox');

    const audit = (await api.as.staffA.get(`/api/tasks/${own}/audit`)).body.items as Array<{
      action: string;
      after: string;
    }>;
    expect(audit.find((e) => e.action === 'attach')?.after).toContain('整改报告（第一批）.pdf');
  });

  it('attaches a file to a progress update of the task, and only of the task', async () => {
    const version = (await api.as.staffA.get(`/api/tasks/${own}`)).body.version;
    const progress = await api.as.staffA.post(`/api/tasks/${own}/progress`, {
      version,
      percent: 30,
      note: '已完成现场核查',
    });
    const progressId = progress.body.progressUpdates.at(-1).id as number;
    const res = await upload(api.as.staffA, own, '核查照片.png', PNG, { progressUpdateId: String(progressId) });
    expect(res.status).toBe(201);
    expect(res.body.progressUpdateId).toBe(progressId);
    const before = storedFiles();
    const elsewhere = await upload(api.as.staffA, shared, '核查照片.png', PNG, {
      progressUpdateId: String(progressId),
    });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.messageZh).toBeTruthy();
    expect(storedFiles()).toBe(before);
  });

  it('lets a participating bureau attach files to the task it takes part in, for its own bureau', async () => {
    const res = await upload(staffD, shared, '收费清单.docx', await writeDocx(['涉企收费清单']));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      bureauId: finance,
      bureauName: '杭州市西湖区财政局',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    expect((await staffD.get(`/api/tasks/${shared}/attachments`)).body.items).toHaveLength(1);
    expect((await staffD.get(res.body.downloadUrl)).status).toBe(200);
    // But not to the lead bureau's other tasks, which it does not see.
    expect((await upload(staffD, own, '收费清单.pdf', PDF)).status).toBe(404);
  });

  it('answers another bureau exactly as for a task that does not exist, and stores nothing', async () => {
    const [first] = (await api.as.staffA.get(`/api/tasks/${own}/attachments`)).body.items as Array<{ id: number }>;
    const before = storedFiles();
    for (const res of [
      await upload(api.as.staffB, own, 'a.pdf', PDF),
      await api.as.staffB.get(`/api/tasks/${own}/attachments`),
      await api.as.staffB.get(`/api/attachments/${first.id}/download`),
      await api.as.staffB.delete(`/api/attachments/${first.id}`),
      await upload(api.as.staffA, 99_999_999, 'a.pdf', PDF),
      await api.as.staffA.get('/api/attachments/99999999/download'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', messageZh: '未找到该记录，或无权查看' });
    }
    // A supervisor above sees and downloads, but reports no progress and so attaches nothing.
    const supervisor = await upload(api.as.supervisor, own, 'a.pdf', PDF);
    expect(supervisor.status).toBe(403);
    expect(supervisor.body.messageZh).toBeTruthy();
    expect(storedFiles()).toBe(before);
  });

  it('refuses hostile uploads with a reason in both languages, and keeps neither a row nor a file', async () => {
    const listed = async () =>
      ((await api.as.staffA.get(`/api/tasks/${own}/attachments`)).body.items as unknown[]).length;
    const [before, beforeRows] = [storedFiles(), await listed()];
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), Buffer.alloc(200)]);
    const cases: Array<[string, Promise<{ status: number; body: Record<string, unknown> }>, number, string]> = [
      [
        'too big',
        upload(api.as.staffA, own, 'big.pdf', Buffer.concat([PDF, Buffer.alloc(MAX_BYTES)])),
        413,
        'ATTACHMENT_TOO_LARGE',
      ],
      ['a program renamed .pdf', upload(api.as.staffA, own, '整改报告.pdf', exe), 415, 'UNSUPPORTED_ATTACHMENT_TYPE'],
      ['a picture renamed .pdf', upload(api.as.staffA, own, '整改报告.pdf', PNG), 422, 'ATTACHMENT_TYPE_MISMATCH'],
      [
        'an HTML page as .txt',
        upload(api.as.staffA, own, 'note.txt', Buffer.from('<html><script>alert(1)</script>')),
        415,
        'UNSUPPORTED_ATTACHMENT_TYPE',
      ],
      [
        'a plain ZIP as .docx',
        upload(api.as.staffA, own, 'a.docx', writeZip({ 'run.bat': 'del *' })),
        415,
        'UNSUPPORTED_ATTACHMENT_TYPE',
      ],
      ['empty', upload(api.as.staffA, own, 'empty.txt', Buffer.alloc(0)), 422, 'ATTACHMENT_EMPTY'],
      [
        'JSON, not a file',
        api.as.staffA.post(`/api/tasks/${own}/attachments`, { name: 'a.pdf' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'a bad progress id',
        upload(api.as.staffA, own, 'a.pdf', PDF, { progressUpdateId: '1; DROP TABLE' }),
        400,
        'VALIDATION',
      ],
      [
        'an unknown field',
        upload(api.as.staffA, own, 'a.pdf', PDF, { bureauId: String(api.world.bureaus.b) }),
        400,
        'VALIDATION',
      ],
    ];
    for (const [what, response, status, code] of cases) {
      const res = await response;
      expect({ what, status: res.status, code: res.body.code }).toEqual({ what, status, code });
      expect(res.body.messageZh).toEqual(expect.any(String));
      expect(res.body.message).toEqual(expect.any(String));
    }
    const many = new FormData();
    for (let i = 0; i < 5; i++) many.append('file', new Blob([new Uint8Array(PDF)]), `第${i}份.pdf`);
    const manyRes = await api.as.staffA.request('POST', `/api/tasks/${own}/attachments`, many);
    expect(manyRes.status).toBe(400);
    expect(storedFiles()).toBe(before);
    expect(await listed()).toBe(beforeRows);
  });

  it('keeps only the name of a path, without control characters, and offers it safely', async () => {
    // (Browsers and fetch send CR/LF in a file name percent-encoded: such a name arrives as `.pdf%0D%0A`, a mismatch.)
    const res = await upload(api.as.staffA, own, '../../../etc/cron.d/evil\u202Etxt\u0007.pdf', PDF);
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('eviltxt.pdf');
    const file = await api.as.staffA.get(res.body.downloadUrl);
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="eviltxt.pdf"; filename*=UTF-8''eviltxt.pdf`,
    );
    expect(file.bytes.equals(PDF)).toBe(true);
    // Nothing was written outside the attachments folder.
    expect(readdirSync(dir).every((entry) => /^\d+$/.test(entry))).toBe(true);
  });

  it('takes many files at once, each stored once and listed', async () => {
    const before = ((await api.as.staffA.get(`/api/tasks/${shared}/attachments`)).body.items as unknown[]).length;
    const texts = Array.from({ length: 20 }, (_, i) => Buffer.from(`第${i}号整改台账\n已完成`));
    const results = await Promise.all(texts.map((t, i) => upload(api.as.staffA, shared, `台账${i}.txt`, t)));
    expect(results.map((r) => r.status)).toEqual(texts.map(() => 201));
    const list = (await api.as.staffA.get(`/api/tasks/${shared}/attachments`)).body.items as Array<{
      id: number;
      name: string;
    }>;
    expect(list).toHaveLength(before + 20);
    const third = list.find((a) => a.name === '台账3.txt')!;
    const file = await api.as.staffA.get(`/api/attachments/${third.id}/download`);
    expect(file.bytes.equals(texts[3])).toBe(true);
    expect(file.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('lets the uploader and a supervisor over the task delete, not a colleague; the file goes and the trail says so', async () => {
    const mine = (await upload(api.as.staffA, own, '删除测试.pdf', PDF)).body;
    const theirs = (await upload(api.as.staffA, own, '删除测试2.pdf', PDF)).body;
    const before = storedFiles();
    const colleague = await api.as.staffA2.delete(`/api/attachments/${mine.id}`);
    expect(colleague.status).toBe(403);
    expect(colleague.body.messageZh).toBeTruthy();
    expect((await api.as.staffA.delete(`/api/attachments/${mine.id}`)).status).toBe(204);
    expect((await api.as.supervisor.delete(`/api/attachments/${theirs.id}`)).status).toBe(204);
    expect(storedFiles()).toBe(before - 2);
    expect((await api.as.staffA.get(mine.downloadUrl)).status).toBe(404);
    expect((await api.as.staffA.delete(`/api/attachments/${mine.id}`)).status).toBe(404);
    const audit = (await api.as.staffA.get(`/api/tasks/${own}/audit`)).body.items as Array<{
      action: string;
      before: string;
    }>;
    expect(audit.filter((e) => e.action === 'detach').map((e) => JSON.parse(e.before).name)).toEqual([
      '删除测试.pdf',
      '删除测试2.pdf',
    ]);
  });

  it('takes a file up to its own limit, larger than a report may be', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024, 0x20)]);
    const res = await upload(api.as.staffA, own, '扫描件.pdf', big);
    expect(res.status).toBe(201);
    expect((await api.as.staffA.get(res.body.downloadUrl)).bytes.equals(big)).toBe(true);
    expect((await api.as.staffA.delete(`/api/attachments/${res.body.id}`)).status).toBe(204);
  });

  it('removes the written file when the database refuses its row', async () => {
    const ds = api.app.get(DataSource);
    // A database that fails after the file is written: a trigger refusing one name.
    if (target === 'sqlite')
      await ds.query(
        `CREATE TRIGGER refuse_attachment BEFORE INSERT ON "attachment" WHEN NEW."originalName" = '拒收.pdf' BEGIN SELECT RAISE(ABORT, 'refused'); END`,
      );
    else {
      await ds.query(
        `CREATE FUNCTION refuse_attachment() RETURNS trigger AS $$ BEGIN IF NEW."originalName" = '拒收.pdf' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
      );
      await ds.query(
        `CREATE TRIGGER refuse_attachment BEFORE INSERT ON "attachment" FOR EACH ROW EXECUTE FUNCTION refuse_attachment()`,
      );
    }
    try {
      const [files, listed] = [
        storedFiles(),
        (await api.as.staffA.get(`/api/tasks/${own}/attachments`)).body.items.length,
      ];
      const res = await upload(api.as.staffA, own, '拒收.pdf', PDF);
      expect(res.status).toBe(500);
      expect(storedFiles()).toBe(files);
      expect((await api.as.staffA.get(`/api/tasks/${own}/attachments`)).body.items).toHaveLength(listed);
      const audit = (await api.as.staffA.get(`/api/tasks/${own}/audit`)).body.items as Array<{ after: string | null }>;
      expect(audit.some((e) => e.after?.includes('拒收.pdf'))).toBe(false);
    } finally {
      await ds.query(
        target === 'sqlite' ? 'DROP TRIGGER refuse_attachment' : 'DROP TRIGGER refuse_attachment ON "attachment"',
      );
    }
  });

  it('keeps exactly one file per attachment row', async () => {
    let total = 0;
    for (const task of [own, shared])
      total += ((await api.as.admin.get(`/api/tasks/${task}/attachments`)).body.items as unknown[]).length;
    expect(storedFiles()).toBe(total);
  });
});
