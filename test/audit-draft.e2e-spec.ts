import { shanghaiToday } from '@luoshi/tasks';
import { bootApiWorld, type ApiWorld } from './support/api-world';
import { sample } from './support/fixtures';
import type { HttpClient } from './support/http-client';
import { login, PASSWORD } from './support/seed-users';
import { databaseTargets } from './support/test-env';

interface Task {
  id: number;
  path: string;
  title: string;
  version: number;
  progressUpdates: Array<{ note: string | null; createdAt: string }>;
}

/** The draft's rows as cell texts (the page is ours: one <td> per cell, no nested tables). */
function draftRows(html: string): string[][] {
  return [...html.matchAll(/<tbody>(.*?)<\/tbody>/gs)].flatMap(([, body]) =>
    [...body.matchAll(/<tr>(.*?)<\/tr>/gs)].map(([, row]) => [...row.matchAll(/<td>(.*?)<\/td>/gs)].map(([, c]) => c)),
  );
}

/** "note（date）" as the draft prints a task's latest progress note: the date of the update, in Asia/Shanghai. */
function noted(task: Task, note: string): string {
  const update = task.progressUpdates.filter((p) => p.note).at(-1)!;
  return `${note}（${shanghaiToday(new Date(update.createdAt))}）`;
}

/**
 * The draft table 上年度工作安排落实情况 (GET /api/audit/draft.html) before and after the next year's
 * report: the tasks' own progress until the report is linked, the report's evidence afterwards.
 * Redis is unreachable, so a follow-up is linked inline, inside the upload.
 */
describe.each(databaseTargets())('audit draft table on %s', (target) => {
  let api: ApiWorld;
  let staffA: HttpClient;
  let staffB: HttpClient;
  let supervisor: HttpClient;
  let supervisorB: HttpClient;
  let bureauA: number;
  const byPath = new Map<string, Task>();
  const DONE = '《西湖区行政复议案件繁简分流工作办法》已印发实施';
  const UNDER_WAY = '已完成8个法律援助工作站规范化建设，其余年内完成';
  const HOSTILE = '<script>alert("draft")</script>普法资源库建设中';

  beforeAll(async () => {
    api = await bootApiWorld(target, { REDIS_URL: 'redis://127.0.0.1:1' });
    ({ staffA, staffB, supervisor } = api.as);
    bureauA = api.world.bureaus.a;
    const created = await api.as.admin.post('/api/users', {
      email: 'supervisor@wuhou.test',
      displayName: '武侯督查',
      role: 'supervisor',
      bureauId: api.world.bureaus.b,
      password: PASSWORD,
    });
    if (created.status !== 201) throw new Error(`set-up failed: supervisorB ${created.status} ${created.text}`);
    supervisorB = await login(api.http, 'supervisor@wuhou.test');
  });

  afterAll(async () => {
    await api?.close();
  });

  const draft = (client: HttpClient, query = `bureauId=${bureauA}&planYear=2024`) =>
    client.get(`/api/audit/draft.html?${query}`);

  it('shows each commitment’s status and latest progress note while the next report has not come', async () => {
    const prior = await staffA.post('/api/reports', { text: sample('xihu-2023.txt').toString('utf8') });
    expect(prior.status).toBe(201);
    expect(prior.body.linking.pairs).toEqual([]);
    const roots = await staffA.get(`/api/tasks?reportId=${prior.body.report.id}&rootsOnly=true`);
    // The list is ordered by due date; the draft follows the plan.
    for (const t of [...roots.body.items].sort((a: Task, b: Task) => a.path.localeCompare(b.path)))
      byPath.set(t.path, (await staffA.get(`/api/tasks/${t.id}`)).body);
    expect([...byPath.keys()]).toEqual(['1', '2', '3', '4']);

    // 1: done — under way with a note, asked for closure with evidence, signed off by the supervisor (no note).
    let t = byPath.get('1')!;
    let res = await staffA.post(`/api/tasks/${t.id}/progress`, {
      version: t.version,
      status: 'in_progress',
      note: '已起草繁简分流办法',
    });
    res = await staffA.post(`/api/tasks/${t.id}/transitions`, {
      to: 'submitted',
      version: res.body.version,
      evidence: DONE,
    });
    res = await supervisor.post(`/api/tasks/${t.id}/transitions`, { to: 'closed', version: res.body.version });
    expect(res.body.status).toBe('closed');
    byPath.set('1', res.body);
    // 2: under way with a note; 3: untouched; 4: under way, its note a hostile string.
    t = byPath.get('2')!;
    res = await staffA.post(`/api/tasks/${t.id}/progress`, {
      version: t.version,
      status: 'in_progress',
      note: UNDER_WAY,
    });
    expect(res.body.status).toBe('in_progress');
    byPath.set('2', res.body);
    t = byPath.get('4')!;
    res = await staffA.post(`/api/tasks/${t.id}/progress`, {
      version: t.version,
      status: 'in_progress',
      note: HOSTILE,
    });
    expect(res.status).toBe(201);
    byPath.set('4', res.body);

    const page = await draft(supervisor);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('<h2>杭州市西湖区司法局 2024年度工作安排落实情况</h2>');
    expect(page.text).toContain('<th>工作安排</th><th>落实情况</th><th>完成情况</th><th>来源</th>');
    const title = (path: string) => byPath.get(path)!.title;
    expect(draftRows(page.text)).toEqual([
      ['1', title('1'), noted(byPath.get('1')!, DONE), '已完成', '系统进展记录', ''],
      ['2', title('2'), noted(byPath.get('2')!, UNDER_WAY), '推进中', '系统进展记录', ''],
      ['3', title('3'), '', '未启动', '系统进展记录', ''],
      [
        '4',
        title('4'),
        noted(byPath.get('4')!, '&lt;script&gt;alert(&quot;draft&quot;)&lt;/script&gt;普法资源库建设中'),
        '推进中',
        '系统进展记录',
        '',
      ],
    ]);
    // The hostile note is text, never markup.
    expect(page.text).not.toContain('<script>');
    // The bureau's own staff get the same draft to paste into their report.
    await expect(draft(staffA)).resolves.toMatchObject({ status: 200, text: page.text });
  });

  it('shows none of these rows to another bureau, supervisor or staff', async () => {
    // Bureau B has a plan of its own, so its draft is not empty by accident.
    await expect(
      staffB.post('/api/reports', { html: sample('wuhou-2023.html').toString('utf8') }),
    ).resolves.toMatchObject({ status: 201 });
    for (const outsider of [supervisorB, staffB]) {
      await expect(draft(outsider)).resolves.toMatchObject({ status: 404 });
      const own = await draft(outsider, 'planYear=2024');
      expect(own.status).toBe(200);
      expect(own.text).toContain('成都市武侯区人民政府 2024年度工作安排落实情况');
      expect(own.text).not.toContain('杭州市西湖区司法局');
      for (const t of byPath.values()) expect(own.text).not.toContain(t.title);
      for (const note of [DONE, UNDER_WAY, '普法资源库建设中']) expect(own.text).not.toContain(note);
    }
    // The supervisor above bureau A sees A's rows when it names no bureau, and not B's.
    const all = await draft(supervisor, 'planYear=2024');
    expect(all.text).toContain(UNDER_WAY);
    expect(all.text).not.toContain('成都市武侯区人民政府');
  });

  it('shows the next report’s evidence, with its source, once that report is linked', async () => {
    const before = await supervisor.get(`/api/audit/follow-through?bureauId=${bureauA}&planYear=2024`);
    expect(before.body.total).toMatchObject({ commitments: 0, rate: 0, evidencedRate: 0 });
    const followup = await staffA.post('/api/reports', { text: sample('xihu-2024.txt').toString('utf8') });
    expect(followup.body.linking).toMatchObject({ mode: 'inline', pairs: [expect.anything()] });

    const rows = draftRows((await draft(supervisor)).text);
    expect(rows.map((r) => [r[0], r[1], r[3], r[4]])).toEqual([
      ['1', byPath.get('1')!.title, '已完成', '次年报告'],
      ['2', byPath.get('2')!.title, '已完成', '次年报告'],
      ['3', byPath.get('3')!.title, '未完成', '次年报告'],
      ['4', byPath.get('4')!.title, '部分完成', '次年报告'],
    ]);
    // The report's own words replace the progress notes.
    expect(rows[0][2]).toContain('行政复议');
    expect(rows.map((r) => r[2]).join('')).not.toContain(UNDER_WAY);

    // The follow-through JSON: 2 evidenced, 1 partial, 1 not found of 4 — the partial one counts as half.
    const summary = await supervisor.get(`/api/audit/follow-through?bureauId=${bureauA}&planYear=2024`);
    expect(summary.body.total).toMatchObject({
      commitments: 4,
      evidenced: 2,
      partial: 1,
      notFound: 1,
      rate: 0.625,
      evidencedRate: 0.5,
    });
    expect(summary.body.bureaus).toEqual([
      expect.objectContaining({ bureauId: bureauA, rate: 0.625, evidencedRate: 0.5 }),
    ]);
  });

  it('drafts every plan year when none is named: the new plan, not yet started, from the tasks', async () => {
    const page = await draft(supervisor, `bureauId=${bureauA}`);
    expect(page.text).toContain('杭州市西湖区司法局 2024年度工作安排落实情况');
    expect(page.text).toContain('杭州市西湖区司法局 2025年度工作安排落实情况');
    const [, next] = page.text.split('2025年度工作安排落实情况');
    const rows = draftRows(next);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[3] === '未启动' && r[4] === '系统进展记录')).toBe(true);
  });
});
