/// <reference lib="dom" />
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bootApiWorld, type ApiWorld } from '../support/api-world';
import { buildDashboard, launchChromium, unlabelledControls } from '../support/browser';
import { sample } from '../support/fixtures';
import { PASSWORD } from '../support/seed-users';

/**
 * Tasks made by hand in Chromium: staff create a 领导批示件 from the tasks page, correct a task the
 * parser read (title, due date, lead unit), and import a 督办台账 whose one bad row the preview marks.
 */
jest.setTimeout(120_000);

describe('tasks made by hand in Chromium', () => {
  let world: ApiWorld;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    world = await bootApiWorld('sqlite', {
      WEB_ROOT: buildDashboard(),
      REDIS_URL: 'redis://127.0.0.1:1',
      LOGIN_RATE_LIMIT: '100',
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.goto(`${world.http.baseUrl}/login`);
    await page.getByLabel('邮箱').fill(world.world.users.staffA.email);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('link', { name: '提醒设置' }).waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await world?.close();
  });

  it('staff create a task by hand and land on its page', async () => {
    await page.goto(`${world.http.baseUrl}/tasks`);
    await page.getByRole('link', { name: '新建事项' }).click();
    await page.getByRole('heading', { name: '新建事项' }).waitFor();
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await page.locator('#nt-kind').selectOption('instruction');
    await page.locator('#nt-title').fill('落实区领导关于复议积案的批示');
    await page.locator('#nt-body').fill('逐件梳理复议积案，明确办理时限。');
    await page.locator('#nt-due').fill('2026-06-30');
    await page.locator('#nt-owner').fill('区司法局');
    await page.locator('#nt-co').fill('区财政局、各镇街');
    await page.locator('#nt-target').fill('清理积案不少于30件');
    await page.getByRole('button', { name: '创建事项' }).click();
    await page.waitForURL(/\/tasks\/\d+$/);
    await page.getByRole('heading', { name: '落实区领导关于复议积案的批示' }).waitFor();
    await page.getByText('领导批示', { exact: true }).waitFor();
    const id = Number(page.url().split('/').at(-1));
    const detail = await world.as.staffA.get(`/api/tasks/${id}`);
    expect(detail.body).toMatchObject({
      sourceKind: 'instruction',
      reportId: null,
      dueDate: '2026-06-30',
      coOwners: ['区财政局', '各镇街'],
    });
  });

  it('staff correct a parsed task: title, due date, lead unit and a target typed from the keyboard', async () => {
    const report = await world.as.staffA.post('/api/reports', { text: sample('xihu-2023.txt').toString('utf8') });
    expect(report.status).toBe(201);
    const tasks = await world.as.staffA.get(`/api/tasks?reportId=${report.body.report.id}&rootsOnly=true`);
    const { id } = tasks.body.items[0] as { id: number };
    const before = (await world.as.staffA.get(`/api/tasks/${id}`)).body.targets as unknown[];
    await page.goto(`${world.http.baseUrl}/tasks/${id}`);
    await page.getByRole('button', { name: '更正解析结果' }).click();
    await page.locator('#fix-title').fill('更正后的事项标题');
    await page.locator('#fix-due').fill('2024-11-30');
    await page.locator('#fix-owner').fill('区司法局行政复议科');
    const n = before.length + 1;
    await page.getByRole('button', { name: '添加指标' }).click();
    // The new row's first field has the focus: the target is typed without the mouse.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(`fix-target-${n - 1}-metric`);
    await page.keyboard.type('办理行政复议案件');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('120');
    await page.keyboard.press('Tab');
    await page.keyboard.type('件');
    await expect(page.getByLabel(`指标 ${n} 比较方式`, { exact: true }).inputValue()).resolves.toBe('>=');
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await page.getByRole('button', { name: '保存' }).last().click();
    await page.getByRole('heading', { name: '更正后的事项标题' }).waitFor();
    const detail = await world.as.staffA.get(`/api/tasks/${id}`);
    expect(detail.body).toMatchObject({
      title: '更正后的事项标题',
      dueDate: '2024-11-30',
      owner: '区司法局行政复议科',
    });
    expect(detail.body.targets).toEqual([
      ...before,
      { text: '办理行政复议案件 >= 120 件', metric: '办理行政复议案件', op: '>=', value: 120, unit: '件' },
    ]);
    await page.getByText('办理行政复议案件 >= 120 件').waitFor();
    const audit = await world.as.staffA.get(`/api/tasks/${id}/audit`);
    expect(
      audit.body.items.filter((e: { action: string }) => e.action === 'correct').map((e: { field: string }) => e.field),
    ).toEqual(expect.arrayContaining(['title', 'dueDate', 'owner', 'targets']));
  });

  it('staff import a 督办台账 whose bad row the preview marks', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('台账');
    sheet.addRow(['2026年督办台账']);
    sheet.addRow(['序号', '事项', '牵头单位', '配合单位', '完成时限', '目标']);
    sheet.addRow([1, '台账事项甲：规范涉企执法检查', '区司法局', '各镇街', '2026年9月底', '检查企业不少于80家']);
    sheet.addRow([2, '台账事项乙：建设法治文化阵地', '区司法局', '', new Date(Date.UTC(2026, 11, 31)), '']);
    sheet.addRow([3, '台账事项丙：完善调解组织', '区司法局', '', '明年', '']);
    const buffer = Buffer.from(await book.xlsx.writeBuffer());

    await page.goto(`${world.http.baseUrl}/tasks`);
    await page.getByRole('link', { name: '台账导入' }).click();
    await page.getByRole('heading', { name: '台账导入' }).waitFor();
    await page.locator('#li-file').setInputFiles({
      name: '督办台账.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await page.getByRole('button', { name: '预览' }).click();
    await page.getByRole('heading', { name: '可导入2行，有问题1行' }).waitFor();
    const bad = page.locator('tr.bad-row');
    await expect(bad.count()).resolves.toBe(1);
    await expect(bad.textContent()).resolves.toContain('完成时限“明年”不是有效日期');
    // All or nothing: the import waits until the person chooses to leave the bad row out.
    await expect(page.getByRole('button', { name: '导入', exact: true }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('只导入无误的行').check();
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await page.getByText('已导入2项，跳过1行。').waitFor();
    const listed = await world.as.staffA.get(`/api/tasks?q=${encodeURIComponent('台账事项')}`);
    expect(listed.body.items.map((t: { title: string; sourceKind: string }) => [t.title, t.sourceKind]).sort()).toEqual(
      [
        ['台账事项乙：建设法治文化阵地', 'import'],
        ['台账事项甲：规范涉企执法检查', 'import'],
      ],
    );
  });
});
