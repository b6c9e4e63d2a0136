/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createDataSource } from '@luoshi/db';
import { sweepReminders } from '@luoshi/reminders';
import { bootApiWorld, type ApiWorld } from '../support/api-world';
import { buildDashboard, launchChromium, unlabelledControls } from '../support/browser';
import { sample } from '../support/fixtures';
import type { HttpClient } from '../support/http-client';
import { PASSWORD } from '../support/seed-users';

/**
 * The header's notification bell against the real API (SQLite, Redis unreachable), in Debian's
 * Chromium: a supervisor sees the count of what waits for them, opens the panel with the keyboard,
 * follows a notification to its task (which reads it) and marks the rest read.
 */
jest.setTimeout(120_000);

// Monday 2025-06-23, 10:00 in Shanghai: the sample plan's 2024 tasks are long overdue, so the sweep escalates them.
const SWEEP_AT = new Date('2025-06-23T02:00:00Z');

describe('notification bell in Chromium', () => {
  let world: ApiWorld;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let staffA: HttpClient;
  let taskIds: number[];

  beforeAll(async () => {
    const webRoot = buildDashboard();
    world = await bootApiWorld('sqlite', { WEB_ROOT: webRoot, REDIS_URL: 'redis://127.0.0.1:1' });
    staffA = world.as.staffA;
    const report = await staffA.post('/api/reports', { text: sample('xihu-2023.txt').toString('utf8') });
    const list = await staffA.get(`/api/tasks?reportId=${report.body.report.id}&rootsOnly=true`);
    taskIds = list.body.items.map((t: { id: number }) => t.id);
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
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

  async function askForClosure(id: number): Promise<void> {
    for (const [to, extra] of [
      ['in_progress', {}],
      ['submitted', { evidence: '已印发实施' }],
    ] as const) {
      const version = (await staffA.get(`/api/tasks/${id}`)).body.version;
      const res = await staffA.post(`/api/tasks/${id}/transitions`, { to, version, ...extra });
      if (res.status !== 201) throw new Error(`transition to ${to}: ${res.status} ${res.text}`);
    }
  }

  const bell = () => page.getByTestId('notification-bell');

  it('shows the supervisor how many notifications wait, in Chinese, on the bell', async () => {
    await askForClosure(taskIds[0]);
    await page.goto(`${world.http.baseUrl}/login`);
    await page.getByLabel('邮箱').fill(world.world.users.supervisor.email);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('button', { name: '通知，1条未读' }).waitFor();
    await expect(bell().getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(page.locator('.bell-count').textContent()).resolves.toBe('1');
  });

  it('opens with the keyboard, closes with Escape back on the bell, and follows a notification to its task', async () => {
    await bell().focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: '通知' });
    await panel.getByRole('link').first().waitFor();
    await expect(bell().getAttribute('aria-expanded')).resolves.toBe('true');
    expect(await unlabelledControls(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(panel.isHidden()).resolves.toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('notification-bell');

    await page.keyboard.press('Enter');
    const link = panel.getByRole('link', { name: /待审核：申请销号/ });
    await expect(link.getAttribute('href')).resolves.toBe(`/tasks/${taskIds[0]}`);
    await expect(link.textContent()).resolves.toContain('未读');
    await link.click();
    await page.waitForURL(new RegExp(`/tasks/${taskIds[0]}$`));
    await page.getByRole('button', { name: '通知，没有未读' }).waitFor();
    await expect(page.locator('.bell-count').count()).resolves.toBe(0);
  });

  it('shows new escalation and approval notifications and clears them all with 全部标为已读', async () => {
    await askForClosure(taskIds[1]);
    const ds = createDataSource(world.db.config.database);
    await ds.initialize();
    try {
      await sweepReminders(ds, SWEEP_AT);
    } finally {
      await ds.destroy();
    }
    const { unread } = (await world.as.supervisor.get('/api/notifications/unread-count')).body;
    expect(unread).toBeGreaterThanOrEqual(2);
    await page.reload();
    await page.getByRole('button', { name: `通知，${unread}条未读` }).waitFor();

    await bell().click();
    const panel = page.getByRole('region', { name: '通知' });
    await panel.getByText('逾期任务督办').first().waitFor();
    await panel.getByText('待审核：申请销号').first().waitFor();
    await panel.getByRole('button', { name: '全部标为已读' }).click();
    await page.getByRole('button', { name: '通知，没有未读' }).waitFor();
    await expect(panel.locator('li.unread').count()).resolves.toBe(0);
    await expect(panel.getByRole('button', { name: '全部标为已读' }).isDisabled()).resolves.toBe(true);
    // A click outside closes the panel.
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await expect(panel.isHidden()).resolves.toBe(true);
  });
});
