/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { addDemoActivity } from '../../scripts/demo-activity';
import { datedSampleTexts } from '../../scripts/dated-samples';
import { bootApiWorld, type ApiWorld } from '../support/api-world';
import { buildDashboard, launchChromium, screenshotDir } from '../support/browser';
import { ROOT } from '../support/fixtures';
import { PASSWORD } from '../support/seed-users';

/**
 * The first screen a newcomer sees after `npm run demo`: the sample reports re-dated to today as the
 * demo does (scripts/dated-samples.js), signed in as the city supervisor. It must not be all red:
 * last year's promises overdue, this year's on track, some due soon. `UPDATE_SCREENSHOTS=1` writes
 * the README's docs/screenshots/tasks.png from it.
 */
jest.setTimeout(120_000);

describe('the demo’s first screen in Chromium', () => {
  let world: ApiWorld;
  let browser: Browser;

  beforeAll(async () => {
    world = await bootApiWorld('sqlite', { WEB_ROOT: buildDashboard(), REDIS_URL: 'redis://127.0.0.1:1' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  it('shows overdue, due-soon and on-track tasks together, each light with its words', async () => {
    const { planYear, samples } = datedSampleTexts(ROOT);
    for (const { name, text } of samples) {
      const html = name.endsWith('.html');
      const stored = await world.as.admin.post('/api/reports', html ? { html: text } : { text });
      expect([name, stored.status]).toEqual([name, 201]);
    }
    const { users } = world.world;
    const activity = await addDemoActivity(world.http.baseUrl, {
      reporter: { email: users.staffA.email, password: PASSWORD },
      approver: { email: users.supervisor.email, password: PASSWORD },
      bureauName: '杭州市西湖区司法局',
      planYear,
    });
    expect(activity).toEqual({ closed: 2, underway: 3, late: 1, assigned: 1 });
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    await page.goto(`${world.http.baseUrl}/login`);
    await page.getByLabel('邮箱').fill(world.world.users.supervisor.email);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    const rows = page.locator('table.tasks tbody tr');
    await rows.first().waitFor();
    const lights = await page
      .locator('table.tasks .light')
      .evaluateAll((spans) => spans.map((s) => Array.from(s.classList).find((c) => c.startsWith('light-'))));
    const shown = new Set(lights);
    expect(shown).toContain('light-red');
    expect(shown).toContain('light-yellow');
    expect(shown).toContain('light-green');
    expect(lights.filter((l) => l === 'light-red').length).toBeLessThan(lights.length);
    await page.screenshot({ path: join(screenshotDir(), 'tasks.png') });
    await context.close();
  });
});
