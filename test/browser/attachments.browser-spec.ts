/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bootApiWorld, type ApiWorld } from '../support/api-world';
import { buildDashboard, launchChromium, unlabelledControls } from '../support/browser';
import { sample } from '../support/fixtures';
import { PASSWORD } from '../support/seed-users';

/**
 * Attachments in Chromium: on the task page staff choose a file with the labelled input, tie it to
 * a progress update and upload it from the keyboard; it is listed with size and uploader, shown in
 * the progress timeline, and downloads with exactly the bytes uploaded.
 */
jest.setTimeout(120_000);

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

describe('attachments on the task page in Chromium', () => {
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
    context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
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

  it('attaches a file to a progress update and downloads the same bytes', async () => {
    const report = await world.as.staffA.post('/api/reports', { text: sample('xihu-2023.txt').toString('utf8') });
    const tasks = await world.as.staffA.get(`/api/tasks?reportId=${report.body.report.id}&rootsOnly=true`);
    const { id } = tasks.body.items[0] as { id: number };
    const version = (await world.as.staffA.get(`/api/tasks/${id}`)).body.version;
    const progress = await world.as.staffA.post(`/api/tasks/${id}/progress`, {
      version,
      percent: 50,
      note: '已完成第一批整改',
    });
    expect(progress.status).toBe(201);

    await page.goto(`${world.http.baseUrl}/login`);
    await page.getByLabel('邮箱').fill(world.world.users.staffA.email);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('link', { name: '提醒设置' }).waitFor();
    await page.goto(`${world.http.baseUrl}/tasks/${id}`);
    await page.getByRole('heading', { name: '附件', exact: true }).waitFor();
    await page.getByText('暂无附件。').waitFor();
    await expect(unlabelledControls(page)).resolves.toEqual([]);

    await page.getByLabel('选择文件').setInputFiles({ name: '整改报告.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByLabel('关联进展').selectOption({ index: 1 });
    // Uploaded from the keyboard: focus the button and press Enter.
    await page.getByRole('button', { name: '上传', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('已上传：整改报告.pdf').waitFor();

    const row = page.getByRole('row').filter({ hasText: '整改报告.pdf' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(`${PDF.length} B`);
    await expect(row.textContent()).resolves.toContain('staff');
    // The progress timeline shows the file under its update.
    await page.getByRole('list', { name: '进展附件' }).getByText('整改报告.pdf').waitFor();

    const [file] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: '下载 整改报告.pdf' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('整改报告.pdf');
    const bytes = await readFile(await file.path());
    expect(bytes.equals(PDF)).toBe(true);

    const listed = await world.as.staffA.get(`/api/tasks/${id}/attachments`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ name: '整改报告.pdf', progressUpdateId: progress.body.progressUpdates.at(-1).id }),
    ]);
  });

  it('refuses a file that is not what its name says, with the reason in Chinese', async () => {
    await page.getByLabel('选择文件').setInputFiles({
      name: '通知.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'),
    });
    await page.getByRole('button', { name: '上传', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '仅支持PDF' }).waitFor();
    await expect(page.getByRole('row').filter({ hasText: '通知.pdf' }).count()).resolves.toBe(0);
  });
});
