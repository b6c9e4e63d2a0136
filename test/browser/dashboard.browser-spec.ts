/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parseReportOrThrow } from '@luoshi/report-parser';
import { beforeDueEmail } from '@luoshi/reminder-policy';
import { bootApiWorld, type ApiWorld } from '../support/api-world';
import { buildDashboard, launchChromium, screenshotDir, unlabelledControls } from '../support/browser';
import { fileForm, inventedReport, sample, SAMPLES_DIR } from '../support/fixtures';
import { PASSWORD } from '../support/seed-users';

/**
 * The dashboard against the real API (SQLite; Redis deliberately unreachable so linking runs inline,
 * as it does for a single-machine install without Redis), in Debian's Chromium at laptop size.
 */
jest.setTimeout(120_000);

const VIEWPORT = { width: 1366, height: 768 };

describe('web dashboard in Chromium', () => {
  let world: ApiWorld;
  let browser: Browser;
  let shots: string;
  const contexts: BrowserContext[] = [];
  const firstPlan = parseReportOrThrow(sample('xihu-2023.txt'));
  let taskId = 0;

  beforeAll(async () => {
    const webRoot = buildDashboard();
    world = await bootApiWorld('sqlite', { WEB_ROOT: webRoot, REDIS_URL: 'redis://127.0.0.1:1' });
    browser = await launchChromium();
    shots = screenshotDir();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await world?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    return page;
  }

  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto(`${world.http.baseUrl}/login`);
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
  }

  async function expectLabelled(page: Page): Promise<void> {
    expect(await unlabelledControls(page)).toEqual([]);
  }

  let staff: Page;

  it('signs staff in with the keyboard alone and shows their bureau and role in the header', async () => {
    staff = await newPage();
    await staff.goto(`${world.http.baseUrl}/tasks`);
    await staff.waitForURL(/\/login$/);
    await expectLabelled(staff);
    await staff.screenshot({ path: join(shots, 'login.png') });
    await staff.keyboard.press('Tab');
    expect(await staff.evaluate(() => document.activeElement?.id)).toBe('email');
    await staff.keyboard.type(world.world.users.staffA.email);
    await staff.keyboard.press('Tab');
    await staff.keyboard.type(PASSWORD);
    await staff.keyboard.press('Enter');
    await staff.waitForURL(/\/tasks$/);
    const who = staff.getByTestId('who');
    await expect(who.textContent()).resolves.toContain('杭州市西湖区司法局');
    await expect(who.textContent()).resolves.toContain('业务人员');
  });

  it('refuses a wrong password with the API’s Chinese message', async () => {
    const page = await newPage();
    await page.goto(`${world.http.baseUrl}/login`);
    await page.getByLabel('邮箱').fill(world.world.users.staffA.email);
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/密码|登录/);
  });

  it('uploads a report file, previews its plan tree, corrects nothing and confirms: the tasks appear', async () => {
    await staff.getByRole('link', { name: '上传年报' }).click();
    await staff.getByRole('radio', { name: '上传文件' }).check();
    await staff.locator('#u-file').setInputFiles(join(SAMPLES_DIR, 'xihu-2023.txt'));
    await staff.getByRole('button', { name: '预览解析结果' }).click();
    await staff.getByRole('heading', { name: '解析结果' }).waitFor();
    for (const item of firstPlan.items) await staff.getByText(item.title, { exact: true }).first().waitFor();
    await expect(staff.getByLabel('计划年度').inputValue()).resolves.toBe(String(firstPlan.report.planYear));
    await expectLabelled(staff);
    await staff.screenshot({ path: join(shots, 'upload.png') });

    await staff.getByRole('button', { name: '确认并生成任务' }).click();
    await expect(staff.getByRole('status').filter({ hasText: '已保存报告' }).textContent()).resolves.toContain('生成');
    await staff.getByRole('link', { name: '查看这些任务' }).click();
    await staff.waitForURL(/\/tasks\?reportId=\d+/);
    const rows = staff.locator('table.tasks tbody tr');
    await rows.first().waitFor();
    const countAll = (items: typeof firstPlan.items): number => items.reduce((n, i) => n + 1 + countAll(i.children), 0);
    expect(await rows.count()).toBe(Math.min(50, countAll(firstPlan.items)));
    await expect(staff.locator('table.tasks').textContent()).resolves.toContain(firstPlan.items[0].title);
    await expectLabelled(staff);
    await staff.screenshot({ path: join(shots, 'tasks.png') });

    await staff.getByRole('button', { name: '看板' }).click();
    await staff.locator('.board .column').first().waitFor();
    expect(await staff.locator('.board .task-card').count()).toBe(countAll(firstPlan.items));
    await staff.screenshot({ path: join(shots, 'board.png') });
    await staff.getByRole('button', { name: '列表' }).click();
  });

  it('opens a task, moves it along the state machine and records progress', async () => {
    await staff.getByRole('link', { name: firstPlan.items[0].title, exact: true }).click();
    await staff.waitForURL(/\/tasks\/\d+$/);
    taskId = Number(/\/tasks\/(\d+)$/.exec(staff.url())![1]);
    await staff.getByRole('heading', { level: 1 }).filter({ hasText: firstPlan.items[0].title }).waitFor();
    await staff.getByRole('button', { name: '查看原文' }).click();
    await expect(staff.getByTestId('source').locator('mark').textContent()).resolves.toContain(
      firstPlan.items[0].title.slice(0, 6),
    );

    await staff.getByRole('button', { name: '转为「推进中」' }).click();
    await staff.locator('.head-badges').getByText('推进中').waitFor();
    await staff.getByLabel('完成百分比').fill('60');
    await staff.getByLabel('进展说明').fill('已完成复核方案起草，正在征求意见');
    await staff.getByRole('button', { name: '保存' }).click();
    await staff.locator('.timeline').getByText('已完成复核方案起草，正在征求意见').waitFor();

    const stored = await world.as.staffA.get(`/api/tasks/${taskId}`);
    expect(stored.body.status).toBe('in_progress');
    expect(stored.body.progressUpdates.at(-1)).toMatchObject({ percent: 60, note: '已完成复核方案起草，正在征求意见' });
    await expectLabelled(staff);
  });

  it('shows an optimistic-lock conflict plainly when someone else saved first', async () => {
    const current = await world.as.staffA2.get(`/api/tasks/${taskId}`);
    const changed = await world.as.staffA2.post(`/api/tasks/${taskId}/comments`, { body: '同事的评论' });
    expect(changed.status).toBe(201);
    const moved = await world.as.staffA2.patch(`/api/tasks/${taskId}`, {
      version: current.body.version,
      assigneeId: world.world.users.staffA2.id,
    });
    expect(moved.status).toBe(200);

    await staff.getByLabel('进展说明').fill('这条不应被保存');
    await staff.getByRole('button', { name: '保存' }).click();
    const conflict = staff.locator('.conflict');
    await expect(conflict.textContent()).resolves.toContain('版本冲突');
    const after = await world.as.staffA.get(`/api/tasks/${taskId}`);
    expect(after.body.progressUpdates.map((p: { note: string }) => p.note)).not.toContain('这条不应被保存');
    await conflict.getByRole('button', { name: '刷新' }).click();
    await staff.locator('.comments').getByText('同事的评论').waitFor();
  });

  it('links the follow-up report and shows the evidence with its matching terms highlighted', async () => {
    const followup = await world.as.staffA.post('/api/reports', fileForm('xihu-2024.txt', sample('xihu-2024.txt')));
    expect(followup.status).toBe(201);
    expect(followup.body.linking.mode).toBe('inline');
    await staff.goto(`${world.http.baseUrl}/tasks/${taskId}`);
    const section = staff.locator('section', { has: staff.getByRole('heading', { name: '次年报告中的落实情况' }) });
    await section.locator('.badge').first().waitFor();
    expect(await section.locator('mark').count()).toBeGreaterThan(0);
    await staff.screenshot({ path: join(shots, 'task.png'), fullPage: true });
  });

  it('shows deadlines on the calendar and opens a task from it', async () => {
    const due = firstPlan.items.map((i) => i.dueDate).find((d): d is string => d !== null)!;
    await staff.goto(`${world.http.baseUrl}/calendar?month=${due.slice(0, 7)}`);
    const event = staff.locator('.fc-event').first();
    await event.waitFor();
    await expectLabelled(staff);
    await staff.screenshot({ path: join(shots, 'calendar.png') });
    await event.click();
    await staff.waitForURL(/\/tasks\/\d+$/);
  });

  it('lets a supervisor audit follow-through with charts, drill into the bureau and confirm a link', async () => {
    const supervisor = await newPage();
    await signIn(supervisor, world.world.users.supervisor.email);
    await supervisor.getByRole('link', { name: '落实审计' }).click();
    const row = supervisor.locator('table.audit').getByRole('row', { name: /杭州市西湖区司法局/ });
    await row.waitFor();
    expect(await supervisor.locator('canvas').count()).toBeGreaterThanOrEqual(2);
    // Both rates, evidenced and partial apart, and how the rate counts a partial commitment.
    const headers = await supervisor.locator('table.audit thead th').allTextContents();
    expect(headers).toEqual(expect.arrayContaining(['落实率', '完全落实率', '已落实', '部分落实']));
    await supervisor.getByText('落实率 = (已落实 + 0.5 × 部分落实) ÷ 承诺数；完全落实率 = 已落实 ÷ 承诺数').waitFor();
    const summary = await world.as.supervisor.get('/api/audit/follow-through');
    const xihu = summary.body.bureaus.find((b: { bureauId: number }) => b.bureauId === world.world.bureaus.a);
    const cellsOf = await row.locator('td').allTextContents();
    expect(cellsOf.slice(0, 2)).toEqual([String(xihu.commitments), `${Math.round(xihu.rate * 1000) / 10}%`]);
    expect(cellsOf[2]).toBe(`${Math.round(xihu.evidencedRate * 1000) / 10}%`);
    await expectLabelled(supervisor);
    await row.getByRole('button', { name: '查看明细' }).click();
    const commitments = supervisor.locator('table.commitments tbody tr');
    await commitments.first().waitFor();
    await commitments.first().getByRole('button', { name: /^确认/ }).click();
    await commitments.first().getByText('已确认').waitFor();
    const audit = await world.as.supervisor.get(`/api/audit/commitments?bureauId=${world.world.bureaus.a}`);
    expect(audit.body.items.filter((c: { decision: string | null }) => c.decision === 'confirmed')).toHaveLength(1);
    await supervisor.screenshot({ path: join(shots, 'audit.png'), fullPage: true });
  });

  it('never shows another bureau’s tasks to staff, in the list or by URL, and hides the audit', async () => {
    const own = await world.as.staffB.post('/api/reports', fileForm('wuhou-2024.txt', sample('wuhou-2024.txt')));
    expect(own.status).toBe(201);
    const other = await newPage();
    await signIn(other, world.world.users.staffB.email);
    await other.locator('table.tasks tbody tr').first().waitFor();
    const listed = await other.locator('table.tasks').textContent();
    expect(listed).not.toContain(firstPlan.items[0].title);
    expect(await other.getByRole('link', { name: '落实审计' }).count()).toBe(0);
    await other.goto(`${world.http.baseUrl}/tasks/${taskId}`);
    await expect(other.getByRole('alert').textContent()).resolves.toMatch(/不存在|无权/);
    expect(await other.getByText(firstPlan.items[0].title).count()).toBe(0);
  });

  it('renders a reminder e-mail with the task title escaped (what Mailpit would show)', async () => {
    const email = beforeDueEmail({
      recipientName: '张敏',
      task: {
        title: '完成示范村复核<script>alert(1)</script>',
        bureau: '杭州市西湖区司法局',
        dueDate: '2026-12-31',
        daysLeft: 7,
        targets: ['复核覆盖率达到100%'],
        url: `${world.http.baseUrl}/tasks/${taskId}`,
      },
      muteUrl: `${world.http.baseUrl}/api/reminders/mute?token=demo`,
    });
    const page = await newPage();
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    await page.setViewportSize({ width: 900, height: 640 });
    await page.setContent(
      `<div style="padding:16px;font-family:sans-serif"><p><b>主题：</b>${email.subject.replace(/</g, '&lt;')}</p><hr>${email.html}</div>`,
    );
    await expect(page.getByText('<script>alert(1)</script>', { exact: false }).count()).resolves.toBeGreaterThan(0);
    expect(dialogs).toBe(0);
    await page.screenshot({ path: join(shots, 'reminder-email.png') });
  });

  it('switches to English and back', async () => {
    await staff.goto(`${world.http.baseUrl}/tasks`);
    await staff.getByRole('button', { name: 'English' }).click();
    await staff.getByRole('link', { name: 'My tasks' }).waitFor();
    expect(await staff.evaluate(() => document.documentElement.lang)).toBe('en');
    await staff.getByRole('button', { name: '中文' }).click();
    await staff.getByRole('link', { name: '我的任务' }).waitFor();
    expect(await staff.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });

  it('warns when the report is another region’s and saves it only after the person chooses', async () => {
    const page = await newPage();
    await signIn(page, world.world.users.staffA2.email);
    await page.getByRole('link', { name: '上传年报' }).click();
    await page.getByLabel('报告正文').fill(inventedReport('青禾县司法局', 2019));
    await page.getByRole('button', { name: '预览解析结果' }).click();
    const warning = page.getByRole('alert').filter({ hasText: '报告所属单位与归入单位不一致' });
    await warning.waitFor();
    await expect(warning.textContent()).resolves.toContain('青禾县司法局');
    await expect(warning.textContent()).resolves.toContain('杭州市西湖区司法局');
    const confirm = page.getByRole('button', { name: '确认并生成任务' });
    expect(await confirm.isDisabled()).toBe(true);
    // Staff file only into their own bureau: "another bureau" is offered, but not to them.
    expect(await warning.getByRole('radio', { name: /归入其他单位/ }).isDisabled()).toBe(true);
    await expectLabelled(page);
    await page.screenshot({ path: join(shots, 'upload-mismatch.png') });
    const before = (await world.as.staffA2.get('/api/reports?pageSize=200')).body.total as number;

    await warning.getByRole('radio', { name: /这确是“杭州市西湖区司法局”的报告/ }).check();
    expect(await confirm.isDisabled()).toBe(false);
    await confirm.click();
    await expect(page.getByRole('status').filter({ hasText: '已保存报告' }).textContent()).resolves.toContain('生成');
    const after = await world.as.staffA2.get('/api/reports?pageSize=200');
    expect(after.body.total).toBe(before + 1);
    expect(after.body.items[0]).toMatchObject({ bureauId: world.world.bureaus.a, reportYear: 2019 });
  });
});
