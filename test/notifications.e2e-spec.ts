import type { DataSource } from 'typeorm';
import { createDataSource, PlanItem } from '@luoshi/db';
import { sweepReminders } from '@luoshi/reminders';
import { bootApiWorld, type ApiWorld } from './support/api-world';
import { sample } from './support/fixtures';
import type { HttpClient } from './support/http-client';
import { databaseTargets } from './support/test-env';

// Monday 2025-06-23, 10:00 in Shanghai: seven days before 2025-06-30, inside the sending window.
const SWEEP_AT = new Date('2025-06-23T02:00:00Z');

interface Notice {
  id: number;
  kind: string;
  taskId: number | null;
  title: string;
  body: string;
  link: string;
  read: boolean;
  readAt: string | null;
}

describe.each(databaseTargets())('in-app notifications over HTTP on %s', (target) => {
  let api: ApiWorld;
  let staffA: HttpClient;
  let staffA2: HttpClient;
  let supervisor: HttpClient;
  let admin: HttpClient;
  let ds: DataSource;
  let taskIds: number[];

  beforeAll(async () => {
    api = await bootApiWorld(target);
    ({ staffA, staffA2, supervisor, admin } = api.as);
    const report = await staffA.post('/api/reports', { text: sample('xihu-2023.txt').toString('utf8') });
    const list = await staffA.get(`/api/tasks?reportId=${report.body.report.id}&rootsOnly=true`);
    taskIds = list.body.items.map((t: { id: number }) => t.id);
    ds = createDataSource(api.db.config.database);
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await api?.close();
  });

  const mine = async (client: HttpClient, query = ''): Promise<{ items: Notice[]; total: number; unread: number }> => {
    const res = await client.get(`/api/notifications?pageSize=100${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const unread = async (client: HttpClient): Promise<number> => {
    const res = await client.get('/api/notifications/unread-count');
    expect(res.status).toBe(200);
    return res.body.unread;
  };
  const move = async (client: HttpClient, id: number, to: string, extra: Record<string, string> = {}) => {
    const version = (await client.get(`/api/tasks/${id}`)).body.version;
    const res = await client.post(`/api/tasks/${id}/transitions`, { to, version, ...extra });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('starts everyone at nothing unread', async () => {
    for (const client of [staffA, staffA2, supervisor, admin]) await expect(unread(client)).resolves.toBe(0);
    await expect(mine(staffA)).resolves.toMatchObject({ items: [], total: 0, unread: 0 });
  });

  it('tells the supervisor above when staff ask for closure (申请销号), with a link to the task', async () => {
    const id = taskIds[0];
    await move(staffA, id, 'in_progress');
    await expect(unread(supervisor)).resolves.toBe(0);
    await move(staffA, id, 'submitted', { evidence: '《繁简分流工作办法》已印发' });
    const list = await mine(supervisor);
    expect(list.unread).toBe(1);
    expect(list.items).toEqual([
      expect.objectContaining({
        kind: 'approval_waiting',
        taskId: id,
        link: `/tasks/${id}`,
        title: '待审核：申请销号',
        read: false,
        readAt: null,
      }),
    ]);
    expect(list.items[0].body).toMatch(/^staff就「.+」申请销号，请审核。佐证：《繁简分流工作办法》已印发$/);
    // Whoever approves today: the supervisor above bureau A; not the asker, a colleague or (with a supervisor there) admins.
    for (const client of [staffA, staffA2, admin]) await expect(unread(client)).resolves.toBe(0);
  });

  it('tells the staff who asked when the supervisor returns the task (退回), with the reason', async () => {
    const id = taskIds[0];
    await move(supervisor, id, 'returned', { reason: '佐证材料不全' });
    const list = await mine(staffA);
    expect(list.items).toEqual([expect.objectContaining({ kind: 'returned', taskId: id, link: `/tasks/${id}` })]);
    expect(list.items[0].body).toContain('理由：佐证材料不全');
    // The supervisor is not told of their own decision.
    await expect(unread(supervisor)).resolves.toBe(1);
  });

  it('tells the staff when the supervisor signs the task off (销号)', async () => {
    const id = taskIds[0];
    await move(staffA, id, 'in_progress');
    await move(staffA, id, 'submitted', { evidence: '补充材料' });
    await expect(unread(supervisor)).resolves.toBe(2);
    await move(supervisor, id, 'closed');
    const kinds = (await mine(staffA)).items.map((n) => n.kind);
    expect(kinds).toEqual(['approved', 'returned']);
  });

  it('asks the supervisor about an extension request (延期申请) and tells the requester the decision', async () => {
    const future = await staffA.post('/api/reports', {
      text: sample('xihu-2023.txt').toString('utf8').replace(/2024/g, '2099').replace(/2023/g, '2098'),
    });
    const list = await staffA.get(`/api/tasks?reportId=${future.body.report.id}&rootsOnly=true`);
    const t = (await staffA.get(`/api/tasks/${list.body.items[0].id}`)).body;
    const req = await staffA.post(`/api/tasks/${t.id}/extensions`, {
      version: t.version,
      newDueDate: '2099-12-31',
      reason: '需与法院会签',
    });
    expect(req.status).toBe(201);
    const [asked] = (await mine(supervisor)).items;
    expect(asked).toMatchObject({ kind: 'approval_waiting', title: '待审核：延期申请', taskId: t.id });
    expect(asked.body).toContain('延至2099年12月31日');
    const decided = await supervisor.post(`/api/extensions/${req.body.id}/decision`, { approve: true, note: '同意' });
    expect(decided.status).toBe(200);
    const [told] = (await mine(staffA)).items;
    expect(told).toMatchObject({ kind: 'approved', title: '延期申请已批准', taskId: t.id, link: `/tasks/${t.id}` });
  });

  it("shows each person only their own, and answers 404 for another person's notification", async () => {
    const supervisors = (await mine(supervisor)).items;
    const staffs = (await mine(staffA)).items;
    const theirs = new Set(supervisors.map((n) => n.id));
    expect(staffs.some((n) => theirs.has(n.id))).toBe(false);
    const res = await staffA.post(`/api/notifications/${supervisors[0].id}/read`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', messageZh: '未找到该记录，或无权查看' });
    await expect(unread(supervisor)).resolves.toBe(supervisors.length);
    expect((await staffA.post('/api/notifications/999999/read')).status).toBe(404);
    expect((await staffA.post('/api/notifications/abc/read')).status).toBe(400);
  });

  it('pages newest first, filters unread, and refuses a bad page size with 400', async () => {
    const all = await mine(staffA);
    const page1 = await staffA.get('/api/notifications?pageSize=1&page=1');
    const page2 = await staffA.get('/api/notifications?pageSize=1&page=2');
    expect(page1.body).toMatchObject({ total: all.total, page: 1, pageSize: 1 });
    expect([page1.body.items[0].id, page2.body.items[0].id]).toEqual([all.items[0].id, all.items[1].id]);
    expect(all.items[0].id).toBeGreaterThan(all.items[1].id);
    const bad = await staffA.get('/api/notifications?pageSize=1000&unread=maybe');
    expect(bad.status).toBe(400);
    expect(bad.body.details.join(' ')).toMatch(/pageSize/);
    expect(bad.body.details.join(' ')).toMatch(/unread/);
  });

  it('lowers the count when one is read and clears it with read-all', async () => {
    const before = await unread(supervisor);
    expect(before).toBeGreaterThanOrEqual(2);
    const [first] = (await mine(supervisor, '&unread=true')).items;
    const read = await supervisor.post(`/api/notifications/${first.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: first.id, read: true });
    expect(typeof read.body.readAt).toBe('string');
    await expect(unread(supervisor)).resolves.toBe(before - 1);
    // Reading it again changes nothing.
    expect((await supervisor.post(`/api/notifications/${first.id}/read`)).body.readAt).toBe(read.body.readAt);
    expect((await mine(supervisor, '&unread=true')).items.map((n) => n.id)).not.toContain(first.id);
    const all = await supervisor.post('/api/notifications/read-all');
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ marked: before - 1, unread: 0 });
    await expect(unread(supervisor)).resolves.toBe(0);
    // Only the caller's: staff's are still unread.
    await expect(unread(staffA)).resolves.toBeGreaterThan(0);
  });

  it('notifies once of each reminder the sweep records, however often it runs', async () => {
    const soon = taskIds[1];
    await ds
      .getRepository(PlanItem)
      .update({ id: soon }, { dueDate: '2025-06-30', assigneeId: api.world.users.staffA2.id });
    await sweepReminders(ds, SWEEP_AT);
    const afterFirst = { staff: await mine(staffA2), supervisor: await mine(supervisor) };
    const dueSoon = afterFirst.staff.items.filter((n) => n.taskId === soon);
    expect(dueSoon).toEqual([
      expect.objectContaining({ kind: 'due_soon', title: '任务即将到期', link: `/tasks/${soon}`, read: false }),
    ]);
    expect(dueSoon[0].body).toContain('将于2025年6月30日到期（还有7天）');
    // The other open tasks of bureau A passed their 2024 due dates: the supervisor above is told of the escalation.
    const escalations = afterFirst.supervisor.items.filter((n) => n.kind === 'escalation');
    expect(escalations.length).toBeGreaterThan(0);
    expect(new Set(escalations.map((n) => n.taskId)).size).toBe(escalations.length);

    await sweepReminders(ds, SWEEP_AT);
    await Promise.all([sweepReminders(ds, SWEEP_AT), sweepReminders(ds, SWEEP_AT)]);
    await expect(mine(staffA2)).resolves.toMatchObject({ total: afterFirst.staff.total });
    await expect(mine(supervisor)).resolves.toMatchObject({ total: afterFirst.supervisor.total });
  });
});
