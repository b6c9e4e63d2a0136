/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { bootApiWorld, type ApiWorld } from '../support/api-world';
import { buildDashboard, launchChromium, unlabelledControls } from '../support/browser';
import { PASSWORD } from '../support/seed-users';

/**
 * The audit pages in Chromium: two years of one bureau's reports (our own short texts), then a
 * supervisor finds the promise made both years on 年年提, opens the later report and sees which of
 * its named problems the plan answers and which it leaves alone, and downloads the draft table and
 * the scorecard from the audit page with its filters.
 */
jest.setTimeout(120_000);

const BUREAU = '杭州市西湖区司法局';
const REPEATED = '建设社区矫正智慧监管平台';
const UNANSWERED = '行政规范性文件备案审查力量不足';

/** A short report on `reportYear` with a plan for the year after; the lines are ours. */
function report(reportYear: number, problems: string, plan: string[]): string {
  return [
    `${BUREAU}${reportYear}年度法治政府建设工作报告`,
    `发布日期：${reportYear + 1}年2月20日`,
    `${reportYear}年，${BUREAU}在区委区政府领导下，扎实推进法治政府建设。现将有关情况报告如下：`,
    `一、${reportYear}年度主要工作和成效`,
    '（一）公共法律服务更加便民。全年办理法律援助案件820件，接待群众法律咨询6300人次。',
    '（二）人民调解作用充分发挥。全区调解各类矛盾纠纷4100件，调解成功率98%。',
    '二、存在的问题',
    problems,
    `三、${reportYear + 1}年工作安排`,
    ...plan,
  ].join('\n');
}

const FIRST_YEAR = report(2030, '一是社区矫正信息化水平不高；二是人民调解员专业能力有待提升。', [
  `（一）${REPEATED}。年底前建成社区矫正智慧监管平台，实现社区矫正对象电子定位全覆盖。`,
  '（二）加强人民调解员业务培训。每季度组织一次人民调解员业务培训，全年培训不少于300人次。',
  '（三）推进法律援助便民服务。9月底前在全区各街道设立法律援助工作站。',
]);

const SECOND_YEAR = report(
  2031,
  `一是社区矫正智慧监管平台尚未建成；二是公共法律服务网点布局不均衡；三是${UNANSWERED}。`,
  [
    `（一）${REPEATED}。6月底前完成社区矫正智慧监管平台建设，实现社区矫正对象电子定位全覆盖。`,
    '（二）优化公共法律服务网点布局。年底前实现公共法律服务网点在各街道均衡布局，新增网点12个。',
    '（三）深化法治宣传教育。全年举办“法律进社区”活动不少于40场。',
  ],
);

describe('the audit pages in Chromium', () => {
  let world: ApiWorld;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let secondId: number;

  beforeAll(async () => {
    world = await bootApiWorld('sqlite', {
      WEB_ROOT: buildDashboard(),
      REDIS_URL: 'redis://127.0.0.1:1',
      LOGIN_RATE_LIMIT: '100',
    });
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    const first = await world.as.staffA.post('/api/reports', { text: FIRST_YEAR });
    const second = await world.as.staffA.post('/api/reports', { text: SECOND_YEAR });
    if (first.status !== 201 || second.status !== 201)
      throw new Error(`uploads failed: ${first.status} ${first.text} / ${second.status} ${second.text}`);
    secondId = second.body.report.id;

    await page.goto(`${world.http.baseUrl}/login`);
    await page.getByLabel('邮箱').fill(world.world.users.supervisor.email);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await world?.close();
  });

  const tabs = () => page.getByRole('navigation', { name: '落实审计分页' });

  it('shows the promise made two years running on 年年提, reached by keyboard from the audit page', async () => {
    await page.getByRole('link', { name: '落实审计' }).click();
    await tabs().waitFor();
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await tabs().getByRole('link', { name: '年年提' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/audit\/lineage/);
    const row = page.locator('table.lineage tbody tr').filter({ hasText: REPEATED });
    await row.waitFor();
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe('2 年');
    await row.getByText('仍未完成').waitFor();
    await row.getByRole('link', { name: `2031年度任务：${REPEATED}` }).waitFor();
    await row.getByRole('link', { name: `2032年度任务：${REPEATED}` }).waitFor();
    await page.getByText(`${BUREAU}：已连续 2 年提出“${REPEATED}”`).waitFor();
    await expect(page.getByTestId('lineage-count').textContent()).resolves.toMatch(
      /^共 \d+ 项年年提，其中 \d+ 项仍未完成$/,
    );
    await expect(unlabelledControls(page)).resolves.toEqual([]);

    // Filters: the bureau goes to the API; three years running leaves nothing, with the text to say so.
    await page.getByLabel('单位（含下级）').selectOption({ label: BUREAU });
    await page.getByLabel('只看仍未完成的').check();
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.waitForURL(new RegExp(`bureauId=${world.world.bureaus.a}`));
    await row.waitFor();
    await page.getByLabel('至少连续年数').fill('3');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.getByText('没有符合筛选条件的年年提事项。').waitFor();

    // Another bureau has no plans at all: the page says why nothing is there.
    await page.goto(`${world.http.baseUrl}/audit/lineage?bureauId=${world.world.bureaus.b}`);
    await page.getByText('暂未发现连续多年重复提出的工作安排（需要同一单位相邻两个年度的计划）。').waitFor();
  });

  it('opens a report from 问题与安排 and shows which named problems its plan answers', async () => {
    await page.goto(`${world.http.baseUrl}/audit`);
    await tabs().getByRole('link', { name: '问题与安排' }).click();
    await page.waitForURL(/\/audit\/reports/);
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await page.getByRole('link', { name: `${BUREAU}2031年度法治政府建设工作报告` }).click();
    await page.waitForURL(new RegExp(`/reports/${secondId}$`));
    await page.getByRole('heading', { name: '问题与工作安排对照' }).waitFor();
    await expect(page.getByTestId('report-item-count').textContent()).resolves.toBe('3');
    const coverage = (await world.as.supervisor.get(`/api/reports/${secondId}/problems-coverage`)).body as Array<{
      answeredBy: string[];
    }>;
    const answered = coverage.filter((p) => p.answeredBy.length > 0).length;
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(coverage.length);
    await expect(page.getByTestId('coverage-count').textContent()).resolves.toBe(
      `共 ${coverage.length} 个问题：${answered} 个有工作安排回应，${coverage.length - answered} 个未见回应`,
    );
    const unanswered = page.locator('table.coverage tbody tr').filter({ hasText: UNANSWERED });
    await unanswered.getByText('未回应').waitFor();
    const platform = page.locator('table.coverage tbody tr').filter({ hasText: '社区矫正智慧监管平台尚未建成' });
    await platform.getByText('已回应').waitFor();
    await platform.getByRole('link', { name: `1 ${REPEATED}` }).waitFor();
    await page
      .getByRole('row', { name: /存在的问题/ })
      .getByText('存在问题')
      .waitFor();
    await expect(unlabelledControls(page)).resolves.toEqual([]);

    // Another bureau's staff get the same answer as for any report out of their scope.
    const blind = await world.as.staffB.get(`/api/reports/${secondId}`);
    expect(blind.status).toBe(404);
  });

  /** Clicks `button` and returns the API's answer to `path`. */
  async function fetched(button: string, path: string): Promise<Response> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === path),
      page.getByRole('button', { name: button }).click(),
    ]);
    return response;
  }

  it('downloads the draft table and the scorecard with the audit filters', async () => {
    await page.goto(`${world.http.baseUrl}/audit`);
    await page.getByLabel('计划年度').fill('2031');
    await page.getByLabel('单位（含下级）').selectOption({ label: BUREAU });
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.waitForURL(/planYear=2031/);
    await expect(unlabelledControls(page)).resolves.toEqual([]);

    const draft = await fetched('打开落实情况草稿表', '/api/audit/draft.html');
    expect(draft.status()).toBe(200);
    expect(draft.headers()['content-type']).toContain('text/html');
    expect(new URL(draft.url()).searchParams.get('planYear')).toBe('2031');
    expect(new URL(draft.url()).searchParams.get('bureauId')).toBe(String(world.world.bureaus.a));
    await expect(draft.text()).resolves.toContain(REPEATED);

    const html = await fetched('打开督察评分表', '/api/audit/scorecard.html');
    expect(html.status()).toBe(200);
    expect(html.headers()['content-type']).toContain('text/html');
    await expect(html.text()).resolves.toContain(`${BUREAU}2031年度`);

    const [download, xlsx] = await Promise.all([
      page.waitForEvent('download'),
      fetched('下载督察评分表（Excel）', '/api/audit/scorecard.xlsx'),
    ]);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // What the reader saved: a workbook is a zip (PK, then its parts).
    const bytes = readFileSync((await download.path())!);
    expect(bytes.length).toBeGreaterThan(1000);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(download.suggestedFilename()).toBe(`luoshi-scorecard-${world.world.bureaus.a}-2031.xlsx`);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
  });
});
