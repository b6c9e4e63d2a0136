/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bootApiWorld, type ApiWorld } from '../support/api-world';
import { buildDashboard, launchChromium, screenshotDir, unlabelledControls } from '../support/browser';
import { ChatSink } from '../support/chat-sink';
import { sample } from '../support/fixtures';
import { PASSWORD } from '../support/seed-users';
import { until } from '../support/until';
import { join } from 'node:path';

/**
 * 提醒设置 and 工作日历 in Debian's Chromium against the real API: a supervisor adds the bureau's
 * DingTalk group robot and sends a test message (checked by a sink as DingTalk checks 加签), staff
 * set quiet hours and correct a misread task, and an admin disables a user and enters a year's holidays.
 */
jest.setTimeout(120_000);

const SECRET = 'SECbrowser-dingtalk-0001';

describe('settings, corrections and administration in Chromium', () => {
  let world: ApiWorld;
  let sink: ChatSink;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    sink = new ChatSink({ dingtalk: SECRET });
    await sink.start();
    const webRoot = buildDashboard();
    world = await bootApiWorld('sqlite', {
      WEB_ROOT: webRoot,
      REDIS_URL: 'redis://127.0.0.1:1',
      CHANNELS_KEY: 'de'.repeat(32),
      // Every test signs in from the same address.
      LOGIN_RATE_LIMIT: '100',
      CHANNELS_ALLOW_HOSTS: sink.host,
    });
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
  });

  beforeEach(async () => {
    page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
  });

  afterEach(async () => {
    await page.close();
    await context.clearCookies();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await world?.close();
    await sink?.stop();
  });

  async function signIn(email: string): Promise<void> {
    await page.goto(`${world.http.baseUrl}/login`);
    await page.evaluate(() => sessionStorage.clear());
    await page.goto(`${world.http.baseUrl}/login`);
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('link', { name: '提醒设置' }).waitFor();
  }

  it('a supervisor adds the bureau’s DingTalk robot and its test message arrives signed', async () => {
    await signIn(world.world.users.supervisor.email);
    await page.getByRole('link', { name: '提醒设置' }).click();
    await page.getByRole('heading', { name: '添加消息渠道' }).waitFor();
    await page.getByLabel('类型').selectOption('dingtalk');
    await page.getByLabel('名称').fill('西湖区司法局督办群');
    await page.getByLabel('Webhook 地址').fill(sink.url('dingtalk'));
    await page.getByLabel('加签密钥（SEC 开头，可选）').fill(SECRET);
    await page.getByLabel('归属').selectOption({ label: '杭州市西湖区司法局' });
    await page.getByRole('button', { name: '添加', exact: true }).click();
    const row = page.getByRole('row', { name: /西湖区司法局督办群/ });
    await row.waitFor();
    // The token is cut once saved; the secret is never shown.
    await expect(row.textContent()).resolves.not.toContain('sink-token');
    await row.getByRole('button', { name: '发送测试消息' }).click();
    await row.getByText('测试消息已送达').waitFor();
    expect(sink.of('dingtalk')).toHaveLength(1);
    expect(sink.refused).toEqual([]);
    await page.getByLabel('西湖区司法局督办群的推送方式').selectOption('digest');
    await until(
      async () => (await world.as.supervisor.get('/api/channels')).body.items[0]?.mode === 'digest',
      'the channel to switch to the daily digest',
    );
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await page.screenshot({ path: join(screenshotDir(), 'settings.png'), fullPage: true });
  });

  it('staff see the bureau’s robot without controls, and keep quiet hours that survive a reload', async () => {
    await signIn(world.world.users.staffA.email);
    await page.goto(`${world.http.baseUrl}/settings`);
    const row = page.getByRole('row', { name: /西湖区司法局督办群/ });
    await row.waitFor();
    await expect(row.getByRole('button').count()).resolves.toBe(0);
    await page.getByLabel('启用免打扰').check();
    await page.getByLabel('从').fill('12:00');
    await page.getByLabel('至').fill('14:00');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').waitFor();
    await page.reload();
    // The form fills in once the preferences arrive.
    await until(() => page.getByLabel('启用免打扰').isChecked(), 'the saved quiet hours to show');
    await expect(page.getByLabel('从').inputValue()).resolves.toBe('12:00');
    expect((await world.as.staffA.get('/api/reminders/preferences')).body.quietHours).toEqual({
      from: '12:00',
      to: '14:00',
    });
  });

  it('staff correct a task the parser misread, and the correction is audited', async () => {
    const report = await world.as.staffA.post('/api/reports', { text: sample('xihu-2023.txt').toString('utf8') });
    const list = await world.as.staffA.get(`/api/tasks?reportId=${report.body.report.id}&rootsOnly=true`);
    const id = list.body.items[0].id as number;
    await signIn(world.world.users.staffA.email);
    await page.goto(`${world.http.baseUrl}/tasks/${id}`);
    await page.getByRole('button', { name: '更正解析结果' }).click();
    await page.getByLabel('标题', { exact: true }).fill('提升行政复议工作质效（已更正）');
    await page.getByLabel('完成时限').fill('2024-07-31');
    await page.getByLabel('配合单位').fill('区法院、区检察院');
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await page.getByRole('button', { name: '保存' }).last().click();
    await page.getByRole('heading', { name: /提升行政复议工作质效（已更正）/ }).waitFor();
    await page.getByRole('button', { name: '审计记录' }).click();
    await page.getByRole('cell', { name: '更正 · 标题' }).waitFor();
    await page.getByRole('cell', { name: '更正 · 完成时限' }).waitFor();
    const audit = (await world.as.staffA.get(`/api/tasks/${id}/audit`)).body.items as Array<{
      action: string;
      field: string;
    }>;
    expect(
      audit
        .filter((a) => a.action === 'correct')
        .map((a) => a.field)
        .sort(),
    ).toEqual(['coOwners', 'dueDate', 'title']);
  });

  it('staff snooze, stop and resume their reminders about a task from the task page', async () => {
    const list = await world.as.staffA.get('/api/tasks?rootsOnly=true&pageSize=1');
    const id = list.body.items[0].id as number;
    await signIn(world.world.users.staffA.email);
    await page.goto(`${world.http.baseUrl}/tasks/${id}`);
    const panel = page.getByRole('region', { name: '我的提醒' });
    await panel.getByText('到期前会按提醒设置提醒我。').waitFor();
    await panel.getByRole('button', { name: '暂停7天' }).click();
    await panel.getByText(/已暂停提醒，至 \d{4}-\d{2}-\d{2} 恢复/).waitFor();
    const snoozed = await world.as.staffA.get(`/api/tasks/${id}/mute`);
    expect(snoozed.body).toEqual({ muted: true, until: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    await panel.getByRole('button', { name: '恢复提醒' }).click();
    await panel.getByRole('button', { name: '停止提醒' }).click();
    await panel.getByText('已停止关于此事项的提醒。').waitFor();
    await page.reload();
    await page.getByRole('region', { name: '我的提醒' }).getByText('已停止关于此事项的提醒。').waitFor();
    await expect(world.as.staffA.get(`/api/tasks/${id}/mute`)).resolves.toMatchObject({
      body: { muted: true, until: null },
    });
    // Only my own reminders: a colleague's stay on.
    await expect(world.as.staffA2.get(`/api/tasks/${id}/mute`)).resolves.toMatchObject({ body: { muted: false } });
    await expect(unlabelledControls(page)).resolves.toEqual([]);
  });

  it('staff ask for an extension on the task page; the supervisor approves it on 延期审批 and the deadline moves', async () => {
    const report = await world.as.staffA.post('/api/reports', { text: sample('xihu-2024.txt').toString('utf8') });
    const list = await world.as.staffA.get(`/api/tasks?reportId=${report.body.report.id}&rootsOnly=true`);
    const first = list.body.items[0];
    // Its printed deadline has passed (extensions are asked for before one passes): set a future one.
    const fixed = await world.as.staffA.patch(`/api/tasks/${first.id}`, {
      version: first.version,
      dueDate: '2099-06-30',
    });
    expect(fixed.status).toBe(200);
    await signIn(world.world.users.staffA.email);
    await page.goto(`${world.http.baseUrl}/tasks/${first.id}`);
    await page.getByLabel('申请延至').fill('2099-09-30');
    await page.getByLabel('理由').fill('配套资金下半年到位');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('待审核').waitFor();
    await signIn(world.world.users.supervisor.email);
    await page.getByRole('link', { name: '延期审批' }).click();
    const row = page.getByRole('row', { name: new RegExp(first.title) });
    await row.waitFor();
    await row.getByRole('textbox').fill('同意，请按期推进');
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await row.getByRole('button', { name: /批准/ }).first().click();
    await page.getByText('没有待审核的延期申请。').waitFor();
    const after = await world.as.staffA.get(`/api/tasks/${first.id}`);
    expect(after.body.dueDate).toBe('2099-09-30');
    expect(after.body.extensions[0]).toMatchObject({
      status: 'approved',
      decisionNote: '同意，请按期推进',
      taskTitle: first.title,
    });
  });

  it('the tasks page opens on my overview: my overdue tasks and mine due this week, each a link to the list', async () => {
    const overdue = (await world.as.staffA.get('/api/tasks?overdue=true&pageSize=1')).body.items[0];
    const assigned = await world.as.staffA.patch(`/api/tasks/${overdue.id}`, {
      version: overdue.version,
      assigneeId: world.world.users.staffA.id,
    });
    expect(assigned.status).toBe(200);
    await signIn(world.world.users.staffA.email);
    await page.goto(`${world.http.baseUrl}/tasks`);
    // The count arrives after the page (… until then): wait for the card to say 1.
    const card = page.getByRole('link', { name: /^\s*1\s*我的逾期任务/ });
    await card.waitFor();
    await card.click();
    await page.getByRole('button', { name: '显示全部任务（清除概览筛选）' }).waitFor();
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    await expect(page.locator('tbody tr').first().textContent()).resolves.toContain(overdue.title);
    await page.screenshot({ path: join(screenshotDir(), 'overview.png') });
  });

  it('an admin disables a user from 用户管理: their token stops working at once; enabling lets them back', async () => {
    const staffA2 = world.as.staffA2;
    expect((await staffA2.get('/api/auth/me')).status).toBe(200);
    await signIn(world.world.users.admin.email);
    await page.getByRole('link', { name: '管理', exact: true }).click();
    await page.getByRole('link', { name: '用户管理' }).click();
    const row = page.getByRole('row', { name: new RegExp(world.world.users.staffA2.email) });
    await row.waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: /停用/ }).click();
    await row.getByText('已停用').waitFor();
    expect((await staffA2.get('/api/auth/me')).status).toBe(401);
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await row.getByRole('button', { name: /启用/ }).click();
    await row.getByText('正常').waitFor();
    // A disabled login token stays dead (disabling raised its version); signing in again works.
    expect(
      (await world.http.post('/api/auth/login', { email: world.world.users.staffA2.email, password: PASSWORD })).status,
    ).toBe(200);
  });

  it('an admin enters a year’s holidays and 调休 on 工作日历, and reads them back', async () => {
    await signIn(world.world.users.admin.email);
    await page.getByRole('link', { name: '管理', exact: true }).click();
    await page.getByRole('link', { name: '工作日历' }).click();
    await page.getByLabel('年份').fill('2099');
    await page.getByText('数据来源').waitFor();
    await page.getByLabel('法定节假日（放假日期）').fill('2099-01-01 元旦\n2099-01-02');
    await page.getByLabel('调休上班日期（周末上班）').fill('2099-01-03 元旦调休');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').waitFor();
    await expect(page.getByText('管理员录入').count()).resolves.toBe(1);
    const stored = await world.as.admin.get('/api/admin/calendar/2099');
    expect(stored.body).toMatchObject({
      source: 'entered',
      holidays: [
        { date: '2099-01-01', name: '元旦' },
        { date: '2099-01-02', name: null },
      ],
      workdays: [{ date: '2099-01-03', name: '元旦调休' }],
    });
    // A bad date is refused in Chinese and nothing changes.
    await page.getByLabel('法定节假日（放假日期）').fill('2099-02-30');
    await page.getByRole('button', { name: '保存' }).click();
    await page
      .getByRole('alert')
      .getByText(/不是2099年的有效日期/)
      .waitFor();
    expect((await world.as.admin.get('/api/admin/calendar/2099')).body.holidays).toHaveLength(2);
    await expect(unlabelledControls(page)).resolves.toEqual([]);
  });
});
