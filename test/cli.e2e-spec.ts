import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { encode } from 'iconv-lite';
import { MIGRATIONS, createDataSource, User } from '@luoshi/db';
import { verifyPassword } from '@luoshi/platform';
import { buildProgram, runCliForExitCode } from '../apps/cli/src/cli.program';
import { captureIo, cliRowCounts, runCli } from './support/cli-harness';
import { inventedReport } from './support/fixtures';
import { writeDoc } from '../libs/report-parser/test/documents/doc-file.helper';
import { writeDocx } from '../libs/report-parser/test/documents/docx-file.helper';
import { reportPdfPages, writePdf } from '../libs/report-parser/test/documents/pdf-file.helper';
import { SAMPLE_REPORT_PARAGRAPHS } from '../libs/report-parser/test/documents/sample-report.constants';
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

  describe('before migrate', () => {
    it('refuses to ingest into an unmigrated database and says what to run, writing nothing', async () => {
      const result = await run(['ingest', join(__dirname, '../samples/xihu-2023.txt')]);
      expect(result.code).toBe(78);
      expect(result.stderr).toContain('请先执行 luoshi migrate');
      expect(result.stderr).not.toContain('no such table');
      await expect(cliRowCounts(db)).rejects.toThrow(/bureau/);
    });
  });

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

  it('prints the tree in Chinese: recurrence as 每月/每季度, not codes', async () => {
    const result = await run(['parse', join(__dirname, '../samples/xihu-2023.txt')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('周期 每月');
    expect(result.stdout).toContain('周期 每季度');
    expect(result.stdout).not.toMatch(/monthly|quarterly/);
  });

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
    expect(body.summary).toEqual({
      commitments: 4,
      evidenced: 2,
      partial: 1,
      notFound: 1,
      rate: 0.625,
      evidencedRate: 0.5,
    });
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

  it('rejects a non-report and a damaged PDF, writes nothing, and exits 1', async () => {
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
    expect(result.stdout).toContain('UNREADABLE_DOCUMENT');
    await expect(counts()).resolves.toEqual(before);
  });

  it('parses Word (.docx, .doc) and PDF files, found in a folder by their extensions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luoshi-documents-'));
    try {
      writeFileSync(join(dir, 'a.docx'), await writeDocx(SAMPLE_REPORT_PARAGRAPHS));
      writeFileSync(join(dir, 'b.doc'), writeDoc(SAMPLE_REPORT_PARAGRAPHS));
      writeFileSync(join(dir, 'c.pdf'), writePdf(reportPdfPages(SAMPLE_REPORT_PARAGRAPHS)));
      const result = await run(['parse', '--json', dir]);
      expect(result.code).toBe(0);
      const parsed = JSON.parse(result.stdout) as Array<{ report: { encoding: string; bureau: string } }>;
      expect(parsed.map((r) => [r.report.encoding, r.report.bureau])).toEqual([
        ['docx', '成都市青羊区司法局'],
        ['doc', '成都市青羊区司法局'],
        ['pdf', '成都市青羊区司法局'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('luoshi parse --summary over a folder (no database)', () => {
  let dir: string;
  let bad: string;

  /** A report in our own words whose plan has sub-items: 3 top-level, 7 in all. */
  const nested = [
    '白石市东岸区司法局关于2023年度法治政府建设情况的报告',
    '2023年，东岸区司法局在区委区政府领导下，统筹推进法治政府建设，各项工作取得新进展。',
    '一、2023年度工作成效',
    '（一）依法行政制度更加健全。全年审查区政府规范性文件14件，提出修改意见52条。',
    '（二）矛盾纠纷化解有力。全区人民调解组织调处纠纷2130件，调解成功率98%。',
    '二、存在的问题',
    '行政执法人员培训覆盖面不够，个别部门案卷质量不高。',
    '三、2024年工作打算',
    '（一）提升依法行政水平。',
    '1.健全规范性文件审查机制，6月底前出台审查工作细则。',
    '2.开展行政执法案卷评查，全年评查案卷不少于150卷。',
    '（二）做实矛盾纠纷多元化解。',
    '1.每月召开一次矛盾纠纷排查调度会。',
    '2.年底前建成区级调解中心。',
    '（三）加强法治队伍建设。组织执法人员专题培训不少于4期。',
  ].join('\n');
  const notice = [
    '关于东岸区司法局办公楼临时停电的通知',
    '各科室：',
    '因供电线路检修，本周六上午8时至12时办公楼停电。请各科室提前保存好电脑资料，关闭用电设备。',
    '特此通知。',
    '东岸区司法局办公室',
    '2024年5月6日',
  ].join('\n');
  const withoutPlan = [
    '云溪县司法局2022年度法治政府建设工作报告',
    '2022年，云溪县司法局认真贯彻上级部署，扎实推进法治政府建设。',
    '一、主要工作',
    '（一）推进法律援助便民服务。全年办理法律援助案件380件。',
    '（二）做好普法宣传。开展送法下乡活动45场。',
    '二、存在的困难',
    '经费保障不足，基层司法所人员偏少。',
  ].join('\n');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'luoshi-summary-'));
    writeFileSync(join(dir, 'a-qinghe.txt'), inventedReport('青禾县司法局', 2023));
    writeFileSync(join(dir, 'b-dongan-gbk.txt'), encode(nested, 'gbk'));
    writeFileSync(join(dir, 'c-notice.txt'), notice);
    writeFileSync(join(dir, 'd-yunxi.txt'), withoutPlan);
    writeFileSync(join(dir, 'notes.csv'), '不是报告,1\n');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(
      join(dir, 'sub', 'e-baishi.html'),
      `<html><body><pre>${inventedReport('白石县司法局', 2021)}</pre></body></html>`,
    );
    mkdirSync(join(dir, 'ok'));
    writeFileSync(join(dir, 'ok', 'qinghe.txt'), inventedReport('青禾县司法局', 2023));
    // Beside it, a folder holding a symbolic link to itself: it exists, and nothing can read it (even as root).
    bad = mkdtempSync(join(tmpdir(), 'luoshi-unreadable-'));
    symlinkSync(join(bad, 'loop'), join(bad, 'loop'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(bad, { recursive: true, force: true });
  });

  const parse = async (...args: string[]) => {
    const io = captureIo();
    const code = await runCliForExitCode(buildProgram(io), ['node', 'luoshi', 'parse', ...args], io);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  };
  const row = (stdout: string, file: string) => stdout.split('\n').find((line) => line.includes(file)) ?? '';

  it('prints one line per report file under Chinese headers, then the totals, and exits 1 for a refused file', async () => {
    const result = await parse(dir, '--summary');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/文件 file.*单位 bureau.*年度 报告→计划.*事项 一级\/全部.*提示或错误/);
    expect(row(result.stdout, 'a-qinghe.txt')).toMatch(/青禾县司法局.*2023 → 2024.*3 \/ 3/);
    // GBK bytes are decoded: the bureau reads as it was written.
    expect(row(result.stdout, 'b-dongan-gbk.txt')).toMatch(/白石市东岸区司法局.*2023 → 2024.*3 \/ 7/);
    expect(row(result.stdout, 'c-notice.txt')).toContain('✗ NOT_A_REPORT');
    expect(row(result.stdout, 'd-yunxi.txt')).toMatch(/云溪县司法局.*0 \/ 0.*! NO_PLAN_SECTION/);
    expect(result.stdout).not.toContain('notes.csv');
    expect(result.stdout).not.toContain('e-baishi.html');
    expect(result.stdout).toContain('共 4 个文件：解析 3 个，拒绝 1 个；事项 10 项（一级 6 项）；有提示的文件 1 个。');
    expect(result.stdout).toContain('4 files: 3 parsed, 1 refused; 10 items (6 top-level); 1 with warnings.');
    expect(result.stderr).toContain('部分文件解析失败');
  });

  it('gives the same summary as JSON with --json', async () => {
    const result = await parse(dir, '--summary', '--json');
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout);
    expect(summary.totals).toEqual({
      files: 4,
      parsed: 3,
      refused: 1,
      items: { topLevel: 6, total: 10 },
      withWarnings: 1,
    });
    expect(summary.files.map((f: { file: string }) => f.file)).toEqual(
      ['a-qinghe.txt', 'b-dongan-gbk.txt', 'c-notice.txt', 'd-yunxi.txt'].map((name) => join(dir, name)),
    );
    expect(summary.files[1]).toEqual({
      file: join(dir, 'b-dongan-gbk.txt'),
      ok: true,
      bureau: '白石市东岸区司法局',
      reportYear: 2023,
      planYear: 2024,
      items: { topLevel: 3, total: 7 },
      warnings: [],
      error: null,
    });
    expect(summary.files[2]).toMatchObject({ ok: false, error: 'NOT_A_REPORT', items: { topLevel: 0, total: 0 } });
    expect(summary.files[3]).toMatchObject({ ok: true, warnings: ['NO_PLAN_SECTION'], error: null });
  });

  it('reads sub-folders with --recursive, and exits 0 when every file parsed', async () => {
    const recursive = JSON.parse((await parse(dir, '--summary', '--json', '--recursive')).stdout);
    expect(recursive.files.map((f: { file: string }) => f.file)).toEqual(
      expect.arrayContaining([join(dir, 'sub', 'e-baishi.html'), join(dir, 'ok', 'qinghe.txt')]),
    );
    expect(recursive.totals).toMatchObject({ files: 6, parsed: 5, refused: 1 });
    const allParsed = await parse(join(dir, 'ok'), '--summary');
    expect(allParsed).toMatchObject({ code: 0, stderr: '' });
    expect(allParsed.stdout).toContain('共 1 个文件：解析 1 个，拒绝 0 个');
  });

  it('exits 66 for a folder it cannot read and 2 for one that does not exist', async () => {
    const loop = await parse(join(bad, 'loop'), '--summary');
    expect(loop.code).toBe(66);
    expect(loop.stderr).toContain('无法读取');
    await expect(parse(bad, '--summary', '--recursive')).resolves.toMatchObject({ code: 66 });
    await expect(parse(join(dir, 'missing'), '--summary')).resolves.toMatchObject({ code: 2 });
  });
});

describe('luoshi as a process, piped', () => {
  const BIN = join(__dirname, '../bin/luoshi.js');

  it('writes all of a large --json output to a slow reader, and stops quietly when the reader leaves (| head)', async () => {
    if (!existsSync(join(__dirname, '../dist/apps/cli')))
      throw new Error('dist/apps/cli is missing: run `npm run build`');
    const dir = mkdtempSync(join(tmpdir(), 'luoshi-pipe-'));
    try {
      for (let i = 0; i < 6; i++)
        for (const name of ['xihu-2023.txt', 'xihu-2024.txt', 'wuhou-2023.html', 'wuhou-2024.txt'])
          copyFileSync(join(__dirname, '../samples', name), join(dir, `${i}-${name}`));
      // A reader that starts reading only after a pause, as `| (sleep 3; cat)` in a shell: the bug this
      // guards against exited meanwhile and lost what the pipe could not hold yet.
      const shell = spawn(
        'bash',
        ['-c', 'node "$0" parse --json "$1" | (sleep 3; cat); exit ${PIPESTATUS[0]}', BIN, dir],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
        },
      );
      const chunks: Buffer[] = [];
      shell.stdout.on('data', (c: Buffer) => chunks.push(c));
      await expect(new Promise((resolve) => shell.once('close', resolve))).resolves.toBe(0);
      const text = Buffer.concat(chunks).toString('utf8');
      expect(text.length).toBeGreaterThan(128 * 1024);
      expect(JSON.parse(text)).toHaveLength(24);

      // | head: the reader closes after the first bytes; no stack trace, no error exit.
      const early = spawn(process.execPath, [BIN, 'parse', '--json', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      early.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      early.stdout.once('data', () => early.stdout.destroy());
      await new Promise((resolve) => early.once('exit', resolve));
      expect(stderr).not.toMatch(/EPIPE|Error/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
