/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bootApiWorld, type ApiWorld } from '../support/api-world';
import { buildDashboard, launchChromium, unlabelledControls } from '../support/browser';
import { sample } from '../support/fixtures';
import { PASSWORD } from '../support/seed-users';

/**
 * Co-owners as participants in Chromium: the lead bureau names 区财政局 as a co-unit on the task
 * page, the district finance bureau's staff then find the task, report progress on their part, and
 * the timeline says which bureau reported; the status stays the lead bureau's.
 */
jest.setTimeout(120_000);

describe('a co-owning bureau in Chromium', () => {
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
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await world?.close();
  });

  async function signIn(email: string): Promise<void> {
    await context.clearCookies();
    await page.goto(`${world.http.baseUrl}/login`);
    await page.evaluate(() => sessionStorage.clear());
    await page.goto(`${world.http.baseUrl}/login`);
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('link', { name: '提醒设置' }).waitFor();
  }

  it('the lead bureau names a co-unit; that bureau’s staff report progress on their part', async () => {
    const finance = await world.as.admin.post('/api/bureaus', {
      name: '杭州市西湖区财政局',
      region: '浙江省杭州市西湖区',
      level: 'district',
    });
    const staff = await world.as.admin.post('/api/users', {
      email: 'kezhang@caizheng.test',
      displayName: '财政局科长',
      role: 'staff',
      bureauId: finance.body.id,
      password: PASSWORD,
    });
    expect([finance.status, staff.status]).toEqual([201, 201]);
    const report = await world.as.staffA.post('/api/reports', { text: sample('xihu-2023.txt').toString('utf8') });
    const tasks = await world.as.staffA.get(`/api/tasks?reportId=${report.body.report.id}&rootsOnly=true`);
    const { id, title } = tasks.body.items[0] as { id: number; title: string };

    await signIn(world.world.users.staffA.email);
    await page.goto(`${world.http.baseUrl}/tasks/${id}`);
    await page.getByRole('button', { name: '更正解析结果' }).click();
    await page.getByLabel('配合单位').fill('区财政局、各镇街');
    await page.getByRole('button', { name: '保存' }).last().click();
    await page.getByText('（已关联：杭州市西湖区财政局，可查看并报送进展）').waitFor();
    await page.getByText('（未关联到系统内单位）').first().waitFor();

    await signIn('kezhang@caizheng.test');
    await page.getByRole('link', { name: '我的任务', exact: true }).click();
    await page.getByRole('link', { name: title }).click();
    await page.getByText('贵单位是此任务的牵头或配合单位').waitFor();
    // No status buttons for a co-unit; the progress form is there and labelled.
    await expect(page.getByRole('button', { name: '申请销号' }).count()).resolves.toBe(0);
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await page.getByLabel('完成百分比').fill('40');
    await page.getByLabel('进展说明').fill('已完成辖区企业收费情况核查');
    await page.getByRole('button', { name: '保存' }).first().click();
    await page.getByText('杭州市西湖区财政局报送').waitFor();
    const detail = await world.as.staffA.get(`/api/tasks/${id}`);
    expect(detail.body.progressUpdates.at(-1)).toMatchObject({ bureauId: finance.body.id, percent: 40 });
    expect(detail.body.status).toBe('planned');
  });
});
