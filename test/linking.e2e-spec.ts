import ExcelJS from 'exceljs';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { ActivityRepository } from '@luoshi/db';
import { bootApiWorld, type ApiWorld } from './support/api-world';
import { sample } from './support/fixtures';
import type { HttpClient } from './support/http-client';
import { databaseTargets } from './support/test-env';
import { eventually } from './support/until';

describe.each(databaseTargets())('progress linking on %s', (target) => {
  let api: ApiWorld;
  let worker: INestApplicationContext;
  let staffA: HttpClient;
  let staffB: HttpClient;
  let supervisor: HttpClient;
  let priorId: number;
  let followupId: number;
  let bureauA: number;

  beforeAll(async () => {
    api = await bootApiWorld(target);
    ({ staffA, staffB, supervisor } = api.as);
    bureauA = api.world.bureaus.a;
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(api.db.config), { logger: false });
    await worker.init();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  const followThrough = () => supervisor.get(`/api/audit/follow-through?bureauId=${bureauA}&planYear=2024`);

  it('links a follow-up to the prior plan in a background job when it is uploaded', async () => {
    priorId = (await staffA.post('/api/reports', { text: sample('xihu-2023.txt').toString('utf8') })).body.report.id;
    const res = await staffA.post('/api/reports', { text: sample('xihu-2024.txt').toString('utf8') });
    expect(res.status).toBe(201);
    followupId = res.body.report.id;
    expect(res.body.linking).toEqual({
      pairs: [{ priorReportId: priorId, followupReportId: followupId }],
      mode: 'queued',
    });
    const summary = await eventually(
      followThrough,
      (r) => r.body.total.commitments === 4,
      'the linking job to score the four commitments',
    );
    expect(summary.body.total).toMatchObject({
      commitments: 4,
      evidenced: 2,
      partial: 1,
      notFound: 1,
      // 落实率 counts the partial one as half: (2 + 0.5 × 1) / 4; 完全落实率 only the evidenced: 2 / 4.
      rate: 0.625,
      evidencedRate: 0.5,
      targetsMet: 5,
      targetsMissed: 0,
    });
    expect(summary.body.bureaus).toEqual([
      expect.objectContaining({ bureauId: bureauA, bureauName: '杭州市西湖区司法局' }),
    ]);
  });

  it('shows the evidence on the task, and a person closes it with one click — never the linker', async () => {
    const tasks = await staffA.get(`/api/tasks?reportId=${priorId}&rootsOnly=true`);
    const first = (await staffA.get(`/api/tasks/${tasks.body.items[0].id}`)).body;
    expect(first.status).toBe('planned');
    expect(first.evidence[0]).toMatchObject({
      followupReportId: followupId,
      verdict: 'evidenced',
      passages: [expect.objectContaining({ heading: '（一）行政复议质效明显提升' })],
    });
    const submitted = await staffA.post(`/api/tasks/${first.id}/accept-evidence`, { version: first.version });
    expect(submitted.status).toBe(201);
    expect(submitted.body.status).toBe('submitted');
    expect(submitted.body.progressUpdates.at(-1).note).toContain('行政复议');
    const closed = await supervisor.post(`/api/tasks/${first.id}/accept-evidence`, { version: submitted.body.version });
    expect(closed.body.status).toBe('closed');
    const third = tasks.body.items.find((t: { path: string }) => t.path === '3');
    const none = await staffA.post(`/api/tasks/${third.id}/accept-evidence`, { version: third.version });
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('NO_EVIDENCE');
  });

  it('moves a task through both of its steps in one transaction: a failure in the second leaves it untouched', async () => {
    const tasks = await staffA.get(`/api/tasks?reportId=${priorId}&rootsOnly=true`);
    const partial = (
      await staffA.get(`/api/tasks/${tasks.body.items.find((t: { path: string }) => t.path === '4').id}`)
    ).body;
    expect(partial).toMatchObject({ status: 'planned', evidence: [expect.objectContaining({ verdict: 'partial' })] });
    // planned → in_progress → submitted: the second step's progress entry fails to write.
    const addProgress = ActivityRepository.prototype.addProgress;
    let calls = 0;
    const spy = jest.spyOn(ActivityRepository.prototype, 'addProgress').mockImplementation(function (
      this: ActivityRepository,
      ...args
    ) {
      calls++;
      if (calls === 2) return Promise.reject(new Error('disk full'));
      return addProgress.apply(this, args);
    });
    try {
      const failed = await staffA.post(`/api/tasks/${partial.id}/accept-evidence`, { version: partial.version });
      expect(failed.status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBe(2);
    const after = (await staffA.get(`/api/tasks/${partial.id}`)).body;
    expect({ status: after.status, version: after.version, progress: after.progressUpdates.length }).toEqual({
      status: 'planned',
      version: partial.version,
      progress: partial.progressUpdates.length,
    });
  });

  it('lets a supervisor reject a link, and keeps the decision when linking runs again', async () => {
    const commitments = await supervisor.get(`/api/audit/commitments?bureauId=${bureauA}&planYear=2024`);
    const second = commitments.body.items.find((c: { path: string }) => c.path === '2');
    expect(second).toMatchObject({
      verdict: 'evidenced',
      effectiveVerdict: 'evidenced',
      evidence: [expect.objectContaining({ terms: expect.any(Array) })],
    });
    await expect(
      staffA.post(`/api/audit/outcomes/${second.outcomeId}/decision`, { decision: 'rejected' }),
    ).resolves.toMatchObject({ status: 403 });
    const rejected = await supervisor.post(`/api/audit/outcomes/${second.outcomeId}/decision`, {
      decision: 'rejected',
      note: '佐证与承诺不符',
    });
    expect(rejected.body).toMatchObject({ decision: 'rejected', effectiveVerdict: 'not_found' });
    await expect(supervisor.post(`/api/reports/${followupId}/relink`)).resolves.toMatchObject({ status: 200 });
    const after = await supervisor.get(`/api/audit/commitments?bureauId=${bureauA}&planYear=2024`);
    expect(after.body.items.find((c: { path: string }) => c.path === '2')).toMatchObject({
      decision: 'rejected',
      decisionNote: '佐证与承诺不符',
      verdict: 'evidenced',
    });
    const summary = await followThrough();
    expect(summary.body.total).toMatchObject({
      evidenced: 1,
      notFound: 2,
      rejected: 1,
      rate: 0.375,
      evidencedRate: 0.25,
    });
  });

  it('exports the scorecard as a workbook and a printable page, and the draft table', async () => {
    const xlsx = await supervisor.get(`/api/audit/scorecard.xlsx?bureauId=${bureauA}&planYear=2024`);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['落实情况汇总', '逐项核查']);
    expect(workbook.getWorksheet('逐项核查')!.rowCount).toBe(1 + 4);
    const summarySheet = workbook.getWorksheet('落实情况汇总')!;
    expect(summarySheet.getRow(2).values).toEqual(
      expect.arrayContaining(['已落实', '部分落实', '落实率', '完全落实率']),
    );
    expect(summarySheet.getRow(3).getCell(10)).toMatchObject({ value: 0.375, numFmt: '0.0%' });
    expect(summarySheet.getRow(3).getCell(11)).toMatchObject({ value: 0.25, numFmt: '0.0%' });
    const note = summarySheet.getColumn(1).values.find((v) => String(v).startsWith('注：'));
    expect(note).toBe('注：落实率 = (已落实 + 0.5 × 部分落实) ÷ 承诺数；完全落实率 = 已落实 ÷ 承诺数');
    const html = await supervisor.get(`/api/audit/scorecard.html?bureauId=${bureauA}&planYear=2024`);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.text).toContain('<th>已落实</th><th>部分落实</th>');
    expect(html.text).toContain('<th>落实率</th><th>完全落实率</th>');
    expect(html.text).toContain('<td>37.5%</td><td>25%</td>');
    expect(html.text).toContain('落实率 = (已落实 + 0.5 × 部分落实) ÷ 承诺数；完全落实率 = 已落实 ÷ 承诺数');
    expect(html.text).toContain('杭州市西湖区司法局2024年度法治政府建设工作安排落实情况核查表');
    expect(html.text).toContain('（一）行政复议质效明显提升');
    const draft = await staffA.get(`/api/audit/draft.html?bureauId=${bureauA}&planYear=2024`);
    expect(draft.text).toContain('<th>工作安排</th><th>落实情况</th><th>完成情况</th><th>来源</th>');
    expect(draft.text).toContain('提升行政复议工作质效');
    expect(draft.text).toContain('<td>次年报告</td>');
  });

  it('chains promises restated the next year and names the oldest still open', async () => {
    const lineage = await supervisor.get(`/api/audit/lineage?bureauId=${bureauA}`);
    expect(
      lineage.body.chains.map((c: { links: Array<{ planYear: number }> }) => c.links.map((l) => l.planYear)),
    ).toEqual([
      [2024, 2025],
      [2024, 2025],
    ]);
    expect(lineage.body.oldestOpen).toEqual([expect.objectContaining({ bureauId: bureauA, years: 2 })]);
    // Each year's link names the report that made the promise, so the dashboard can open it.
    expect(
      lineage.body.chains[0].links.map((l: { planYear: number; reportId: number }) => [l.planYear, l.reportId]),
    ).toEqual([
      [2024, priorId],
      [2025, followupId],
    ]);
  });

  it('tells which named problems the plan answers', async () => {
    const coverage = await staffA.get(`/api/reports/${followupId}/problems-coverage`);
    expect(coverage.status).toBe(200);
    expect(coverage.body.map((c: { answeredBy: string[] }) => c.answeredBy)).toEqual([['1'], ['2']]);
  });

  it('shows none of it to another bureau', async () => {
    await expect(staffB.get(`/api/audit/follow-through?planYear=2024`)).resolves.toMatchObject({
      body: { bureaus: [], total: { commitments: 0 } },
    });
    await expect(staffB.get(`/api/audit/commitments`)).resolves.toMatchObject({ body: { items: [], total: 0 } });
    await expect(staffB.get(`/api/reports/${followupId}/problems-coverage`)).resolves.toMatchObject({ status: 404 });
    const outcome = (await supervisor.get(`/api/audit/commitments?bureauId=${bureauA}`)).body.items[0];
    await expect(
      staffB.post(`/api/audit/outcomes/${outcome.outcomeId}/decision`, { decision: 'confirmed' }),
    ).resolves.toMatchObject({ status: 404 });
  });
});

describe('progress linking without Redis', () => {
  let api: ApiWorld;

  beforeAll(async () => {
    api = await bootApiWorld('sqlite', { REDIS_URL: 'redis://127.0.0.1:1' });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('links inline, so nothing waits for Redis to come back', async () => {
    const prior = (await api.as.staffB.post('/api/reports', { html: sample('wuhou-2023.html').toString('utf8') })).body
      .report.id;
    const res = await api.as.staffB.post('/api/reports', { text: sample('wuhou-2024.txt').toString('utf8') });
    expect(res.body.linking).toEqual({
      pairs: [{ priorReportId: prior, followupReportId: res.body.report.id }],
      mode: 'inline',
    });
    const summary = await api.as.staffB.get('/api/audit/follow-through?planYear=2024');
    // One evidenced and two partial is not 100%: 落实率 (1 + 0.5 × 2) / 3, 完全落实率 1 / 3.
    expect(summary.body.total).toMatchObject({
      commitments: 3,
      evidenced: 1,
      partial: 2,
      targetsMissed: 1,
      rate: 0.667,
      evidencedRate: 0.333,
    });
  });
});
