import { DataSource } from 'typeorm';
import { PlanItem } from '@luoshi/db';
import { bootApiWorld, type ApiWorld } from './support/api-world';
import { databaseTargets } from './support/test-env';

interface Row {
  id: number;
  dueDate: string | null;
  title: string;
}

/** The list's order: due date ascending, undated last, then id. */
function inListOrder(a: Row, b: Row): number {
  if (a.dueDate !== b.dueDate) {
    if (a.dueDate === null) return 1;
    if (b.dueDate === null) return -1;
    return a.dueDate < b.dueDate ? -1 : 1;
  }
  return a.id - b.id;
}

describe.each(databaseTargets())('GET /api/tasks?after= (keyset paging) on %s', (target) => {
  let api: ApiWorld;
  let ds: DataSource;
  // Several tasks share a due date and several have none: the cursor must break ties by id.
  const DUE = ['2026-03-31', '2026-03-31', '2026-01-15', null, '2026-06-30', null, '2026-03-31', '2026-12-31'];

  async function addTask(title: string, dueDate: string | null, bureauId = api.world.bureaus.a): Promise<number> {
    const res = await api.as.admin.post('/api/tasks', {
      bureauId,
      title,
      sourceKind: 'manual',
      ...(dueDate ? { dueDate } : {}),
    });
    if (res.status !== 201) throw new Error(`task ${title}: ${res.status} ${res.text}`);
    return res.body.id as number;
  }

  beforeAll(async () => {
    api = await bootApiWorld(target, { LOGIN_RATE_LIMIT: '1000' });
    ds = api.app.get(DataSource);
    for (let round = 0; round < 3; round++)
      for (const [i, due] of DUE.entries()) await addTask(`事项${round}-${i}`, due);
    await addTask('武侯区的事项', '2026-01-01', api.world.bureaus.b);
  }, 60_000);

  afterAll(async () => {
    await api?.close();
  });

  it('walks the whole list once, in order, while tasks are added and changed between pages', async () => {
    const before = (await api.as.staffA.get('/api/tasks?pageSize=200')).body as { items: Row[]; total: number };
    expect(before.items).toHaveLength(DUE.length * 3);
    const seen: Row[] = [];
    const added: Array<{ id: number; ahead: boolean }> = [];
    let first = await api.as.staffA.get('/api/tasks?pageSize=4');
    expect(first.body).toMatchObject({ page: 1, pageSize: 4, total: DUE.length * 3, next: expect.any(String) });
    let body = first.body as { items: Row[]; next: string | null; page: number; total: number };
    for (let step = 0; step < 50; step++) {
      seen.push(...body.items);
      if (!body.next) break;
      const last = body.items.at(-1)!;
      // Behind the cursor (never listed now) and ahead of it (listed later): with offset paging the
      // first would push a row already seen onto the next page.
      added.push({ id: await addTask(`新增-前-${step}`, '2025-01-01'), ahead: false });
      added.push({ id: await addTask(`新增-后-${step}`, null), ahead: true });
      // Changes that keep a task's place: one already seen, one still ahead.
      await ds.getRepository(PlanItem).update(last.id, { title: `已改-${step}`, status: 'in_progress' });
      const ahead = before.items.find((t) => !seen.some((s) => s.id === t.id));
      if (ahead) await ds.getRepository(PlanItem).update(ahead.id, { title: `将改-${step}` });
      first = await api.as.staffA.get(`/api/tasks?pageSize=4&after=${body.next}`);
      expect(first.status).toBe(200);
      body = first.body;
      expect(body.page).toBe(0);
    }
    expect(body.next).toBeNull();
    const ids = seen.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...seen].sort(inListOrder).map((t) => t.id)).toEqual(ids);
    for (const t of before.items) expect(ids).toContain(t.id);
    for (const a of added) expect(ids.includes(a.id)).toBe(a.ahead);
    // Another bureau's task is never on staff A's walk.
    expect(seen.some((t) => t.title === '武侯区的事项')).toBe(false);
    // The total counts the whole filter, in every page by cursor too.
    expect(body.total).toBe(DUE.length * 3 + added.length);
  });

  it('gives the next cursor on a numbered page until the total is reached, and none past it', async () => {
    const all = (await api.as.staffA.get('/api/tasks?pageSize=200')).body as { items: Row[]; total: number };
    const lastPage = Math.ceil(all.total / 5);
    const page = await api.as.staffA.get('/api/tasks?pageSize=5&page=2');
    expect(page.body.next).toEqual(expect.any(String));
    // A walk may switch from numbered pages to the cursor.
    const after = await api.as.staffA.get(`/api/tasks?pageSize=5&after=${page.body.next}`);
    expect(after.body.items.map((t: Row) => t.id)).toEqual(all.items.slice(10, 15).map((t) => t.id));
    await expect(api.as.staffA.get(`/api/tasks?pageSize=5&page=${lastPage}`)).resolves.toMatchObject({
      body: { next: null },
    });
    await expect(api.as.staffA.get('/api/tasks?pageSize=5&page=999')).resolves.toMatchObject({
      body: { items: [], next: null, total: all.total },
    });
  });

  it('filters and scopes a cursor walk like any page: a cursor from another bureau shows nothing of theirs', async () => {
    const mine = await api.as.staffA.get('/api/tasks?pageSize=2');
    const theirs = await api.as.staffB.get(`/api/tasks?pageSize=50&after=${mine.body.next}`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items.every((t: { bureauId: number }) => t.bureauId === api.world.bureaus.b)).toBe(true);
    const filtered = await api.as.staffA.get(`/api/tasks?pageSize=50&status=in_progress&after=${mine.body.next}`);
    expect(filtered.body.items.every((t: { status: string }) => t.status === 'in_progress')).toBe(true);
  });

  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['huge', 'A'.repeat(5_000)],
    ['not base64url', '%25%27%20OR%201%3D1'],
    ['not JSON', Buffer.from('[2026-03-31,').toString('base64url')],
    ['an object', cursorOf({ dueDate: '2026-03-31', id: 1 })],
    ['an id of the wrong type', cursorOf(['2026-03-31', '1 OR 1=1'])],
    ['a nested value', cursorOf([['2026-03-31'], { id: 1 }])],
    ['an impossible date', cursorOf(['2026-02-31', 1])],
    ['a tampered cursor', `${cursorOf(['2026-03-31', 1]).slice(0, -1)}x`],
  ])('refuses a cursor that is %s with 400 BAD_CURSOR in both languages', async (_what, after) => {
    await expect(api.as.staffA.get(`/api/tasks?after=${after}`)).resolves.toMatchObject({
      status: 400,
      body: {
        code: 'BAD_CURSOR',
        message: expect.stringContaining('cursor'),
        messageZh: expect.stringContaining('游标'),
      },
    });
  });

  it('refuses a cursor of the wrong type (repeated) and a cursor together with a page number', async () => {
    const next = (await api.as.staffA.get('/api/tasks?pageSize=2')).body.next as string;
    await expect(api.as.staffA.get(`/api/tasks?after=${next}&after=${next}`)).resolves.toMatchObject({
      status: 400,
      body: { code: 'VALIDATION' },
    });
    await expect(api.as.staffA.get(`/api/tasks?after=${next}&page=2`)).resolves.toMatchObject({
      status: 400,
      body: { code: 'VALIDATION', messageZh: expect.stringContaining('不能同时使用') },
    });
  });
});
