/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bootApiWorld, type ApiWorld } from '../support/api-world';
import { buildDashboard, launchChromium, unlabelledControls } from '../support/browser';
import { fileForm, inventedReport } from '../support/fixtures';
import { PASSWORD } from '../support/seed-users';

/**
 * Administration in Chromium: an admin disables an account (its API token stops at once), resets
 * a password (the user is sent to 修改密码 and can do nothing else until they change it), renames a
 * bureau and merges the duplicate an upload created, and revokes a token — by keyboard where a
 * person would, with every control labelled.
 */
jest.setTimeout(150_000);

describe('administration in Chromium', () => {
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
    // Every confirmation (停用, 重置密码, 吊销) is accepted.
    page.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await world?.close();
  });

  async function signIn(email: string, password = PASSWORD): Promise<void> {
    await context.clearCookies();
    await page.goto(`${world.http.baseUrl}/login`);
    await page.evaluate(() => sessionStorage.clear());
    await page.goto(`${world.http.baseUrl}/login`);
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
  }

  it('an admin disables a user: their API token is refused at once', async () => {
    const token = await world.as.staffA2.post('/api/auth/tokens', { name: '离职前的脚本' });
    const script = world.http.as(token.body.token);
    await expect(script.get('/api/tasks')).resolves.toMatchObject({ status: 200 });

    await signIn(world.world.users.admin.email);
    await page.getByRole('link', { name: '管理', exact: true }).click();
    await page.getByRole('link', { name: '用户管理' }).click();
    await page.getByRole('heading', { name: '用户管理' }).waitFor();
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await page.getByRole('button', { name: '停用 staff2' }).click();
    await page.getByRole('button', { name: '启用 staff2' }).waitFor();
    await expect(script.get('/api/tasks')).resolves.toMatchObject({ status: 401 });
  });

  it('an admin resets a password; the user must change it before anything else', async () => {
    // Two accounts are called “staff”: the one of bureau A, by its e-mail.
    const row = page.getByRole('row').filter({ hasText: world.world.users.staffA.email });
    await row.getByRole('button', { name: /^重置密码/ }).focus();
    await page.keyboard.press('Enter');
    const shown = page.getByTestId('temporary-password');
    await shown.waitFor();
    const temporary = (await shown.textContent())!.trim();
    expect(temporary).toHaveLength(14);
    await page.getByText('待修改密码').waitFor();
    // The user's old session ended with the reset.
    await expect(world.as.staffA.get('/api/tasks')).resolves.toMatchObject({ status: 401 });

    await signIn(world.world.users.staffA.email, temporary);
    await page.waitForURL('**/password');
    await page.getByText('管理员已重置您的密码').waitFor();
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    // Going elsewhere leads back here.
    await page.goto(`${world.http.baseUrl}/tasks`);
    await page.waitForURL('**/password');
    await page.getByLabel('当前密码（或临时密码）').fill(temporary);
    await page.getByLabel('新密码（至少10位）').fill('my-own-new-password-1');
    await page.getByLabel('再次输入新密码').fill('my-own-new-password-2');
    await page.keyboard.press('Enter');
    await page.getByText('两次输入的新密码不一致').waitFor();
    await page.getByLabel('再次输入新密码').fill('my-own-new-password-1');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/tasks');
    await page.getByRole('link', { name: '提醒设置' }).waitFor();
    const relogin = await world.http.post('/api/auth/login', {
      email: world.world.users.staffA.email,
      password: 'my-own-new-password-1',
    });
    expect(relogin.body.mustChangePassword).toBe(false);
  });

  it('an admin renames a bureau and merges the duplicate an upload created, after seeing what moves', async () => {
    const upload = await world.as.admin.post(
      '/api/reports',
      fileForm('dup.txt', Buffer.from(inventedReport('西湖区司法局机关'), 'utf8')),
    );
    expect(upload.status).toBe(201);
    const dup = (await world.as.admin.get(`/api/bureaus/${upload.body.report.bureauId}`)).body.name as string;

    await signIn(world.world.users.admin.email);
    await page.getByRole('link', { name: '管理', exact: true }).click();
    await page.getByRole('link', { name: '单位管理' }).click();
    await page.getByRole('heading', { name: '单位管理' }).waitFor();
    await expect(unlabelledControls(page)).resolves.toEqual([]);

    await page.getByRole('button', { name: '重命名 成都市武侯区人民政府' }).focus();
    await page.keyboard.press('Enter');
    const name = page.getByLabel('“成都市武侯区人民政府”的新名称');
    await expect(name.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await name.fill('成都市武侯区人民政府办公室');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await page.getByRole('rowheader', { name: '成都市武侯区人民政府办公室' }).waitFor();

    await page.getByRole('button', { name: `合并到… ${dup}` }).click();
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await page.getByLabel(`将“${dup}”合并到`).selectOption({ label: '杭州市西湖区司法局' });
    await page.getByTestId('bureau-usage').filter({ hasText: '报告 1 份' }).waitFor();
    await page.getByText('将被删除，此操作不可撤销').waitFor();
    await page.getByRole('button', { name: '确认合并' }).click();
    await page.getByText('已合并到“杭州市西湖区司法局”').waitFor();
    await expect(page.getByRole('rowheader', { name: dup, exact: true }).count()).resolves.toBe(0);
    const a = await world.as.admin.get(`/api/bureaus/${world.world.bureaus.a}`);
    expect(a.body.aliases).toContain(dup);
    await expect(world.as.admin.get(`/api/tasks?reportId=${upload.body.report.id}`)).resolves.toMatchObject({
      body: { items: expect.arrayContaining([expect.objectContaining({ bureauId: world.world.bureaus.a })]) },
    });
  });

  it('an admin sees every API token and revokes one', async () => {
    const created = await world.as.staffB.post('/api/auth/tokens', { name: '武侯报表脚本', expiresInDays: 90 });
    const script = world.http.as(created.body.token);
    await expect(script.get('/api/tasks')).resolves.toMatchObject({ status: 200 });
    await page.getByRole('link', { name: '管理', exact: true }).click();
    await page.getByRole('link', { name: 'API令牌' }).click();
    await page.getByRole('heading', { name: 'API令牌' }).waitFor();
    await page.getByRole('rowheader', { name: '武侯报表脚本' }).waitFor();
    await expect(page.locator('main').textContent()).resolves.not.toContain('lsk_');
    await page.getByRole('button', { name: '吊销 武侯报表脚本（staff）' }).click();
    await page.getByRole('row', { name: /武侯报表脚本.*已吊销/ }).waitFor();
    await expect(script.get('/api/tasks')).resolves.toMatchObject({ status: 401 });
  });
});
