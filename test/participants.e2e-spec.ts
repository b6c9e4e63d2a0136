import { DataSource } from 'typeorm';
import { ActivityRepository, ProgressUpdate } from '@luoshi/db';
import { planSweep } from '@luoshi/reminders';
import { bootApiWorld, type ApiWorld } from './support/api-world';
import type { HttpClient } from './support/http-client';
import { login, PASSWORD } from './support/seed-users';
import { databaseTargets } from './support/test-env';

/**
 * A district justice bureau's plan (invented, our own words) whose items name their units the way
 * reports do: relative to the district (区财政局), collectively (各镇街), and one bureau that does not
 * exist yet (区民政局).
 */
const REPORT = [
  '杭州市西湖区司法局2031年度法治政府建设工作报告',
  '发布日期：2032年2月20日',
  '2031年，我局坚持依法行政，现将有关情况报告如下：',
  '一、2031年度主要工作',
  '（一）执法监督稳步推进。全年评查执法案卷150卷。',
  '二、2032年工作安排',
  '（一）规范涉企收费执法检查。9月底前完成涉企收费专项检查，检查企业不少于80家（牵头单位：区司法局；配合单位：区财政局、各镇街）。',
  '（二）完善困难群众法律援助衔接。年底前建立低保对象法律援助绿色通道（牵头单位：区司法局；配合单位：区民政局）。',
  '（三）加强法治宣传阵地建设。全年新建法治文化公园2个。',
].join('\n');

jest.setTimeout(90_000);

describe.each(databaseTargets())('co-owning bureaus take part in tasks on %s', (target) => {
  let api: ApiWorld;
  let ds: DataSource;
  let finance: number;
  let staffD: HttpClient;
  let supervisorD: HttpClient;
  let shared: number;
  let civil: number;
  let own: number;
  let staffDId: number;

  const detailAs = (client: HttpClient, id: number) => client.get(`/api/tasks/${id}`);
  const version = async (id: number) => (await api.as.staffA.get(`/api/tasks/${id}`)).body.version as number;
  const progressCount = (id: number) => ds.getRepository(ProgressUpdate).countBy({ planItemId: id });

  beforeAll(async () => {
    api = await bootApiWorld(target, { REDIS_URL: 'redis://127.0.0.1:1', LOGIN_RATE_LIMIT: '100' });
    ds = api.app.get(DataSource);
    // The district's finance bureau, outside the supervisor's subtree, with its own staff and supervisor.
    const created = await api.as.admin.post('/api/bureaus', {
      name: '杭州市西湖区财政局',
      region: '浙江省杭州市西湖区',
      level: 'district',
    });
    if (created.status !== 201) throw new Error(`bureau: ${created.status} ${created.text}`);
    finance = created.body.id;
    for (const [email, role] of [
      ['staff@caizheng.test', 'staff'],
      ['chief@caizheng.test', 'supervisor'],
    ]) {
      const user = await api.as.admin.post('/api/users', {
        email,
        displayName: email,
        role,
        bureauId: finance,
        password: PASSWORD,
      });
      if (user.status !== 201) throw new Error(`user: ${user.status} ${user.text}`);
      if (role === 'staff') staffDId = user.body.id;
    }
    staffD = await login(api.http, 'staff@caizheng.test');
    supervisorD = await login(api.http, 'chief@caizheng.test');

    const report = await api.as.staffA.post('/api/reports', { text: REPORT });
    if (report.status !== 201) throw new Error(`report: ${report.status} ${report.text}`);
    const tasks = (await api.as.staffA.get(`/api/tasks?reportId=${report.body.report.id}`)).body.items as Array<{
      id: number;
      title: string;
      coOwners: string[];
    }>;
    shared = tasks.find((t) => t.coOwners.includes('区财政局'))!.id;
    civil = tasks.find((t) => t.coOwners.includes('区民政局'))!.id;
    own = tasks.find((t) => t.coOwners.length === 0)!.id;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('resolves 区财政局 to the district finance bureau, and leaves collective and unknown units alone', async () => {
    const detail = await detailAs(api.as.staffA, shared);
    expect(detail.body.participants).toEqual([
      { bureauId: finance, bureauName: '杭州市西湖区财政局', unit: '区财政局', role: 'co' },
    ]);
    expect(detail.body).toMatchObject({ canEdit: true, canReport: true });
    expect((await detailAs(api.as.staffA, civil)).body.participants).toEqual([]);
  });

  it('shows the co-owning bureau the task it takes part in, and nothing else of the lead bureau', async () => {
    const list = await staffD.get('/api/tasks');
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: { id: number }) => t.id)).toEqual([shared]);
    expect(list.body.total).toBe(1);
    const detail = await detailAs(staffD, shared);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ canEdit: false, canReport: true, allowedTransitions: [] });
    expect((await detailAs(staffD, own)).status).toBe(404);
    expect((await detailAs(staffD, civil)).status).toBe(404);
    // Search and the export see the same set.
    expect((await staffD.get('/api/tasks?q=涉企收费')).body.total).toBe(1);
    expect((await staffD.get('/api/tasks?q=法律援助')).body.total).toBe(0);
    // Bureaus that take no part see none of it.
    expect((await detailAs(api.as.staffB, shared)).status).toBe(404);
    expect((await api.as.staffB.get('/api/tasks?q=涉企收费')).body.total).toBe(0);
  });

  it('lets the co-owning bureau report progress on its part and comment, marked with its bureau', async () => {
    const before = await progressCount(shared);
    const res = await staffD.post(`/api/tasks/${shared}/progress`, {
      version: await version(shared),
      percent: 40,
      note: '已完成辖区内32家企业收费情况核查',
    });
    expect(res.status).toBe(201);
    expect(res.body.progressUpdates.at(-1)).toMatchObject({ bureauId: finance, percent: 40 });
    expect(await progressCount(shared)).toBe(before + 1);
    expect((await staffD.post(`/api/tasks/${shared}/comments`, { body: '核查清单已上传' })).status).toBe(201);
  });

  it('keeps status, corrections, assignment and extensions with the owning bureau', async () => {
    const v = await version(shared);
    const before = await progressCount(shared);
    const refused = [
      await staffD.post(`/api/tasks/${shared}/progress`, { version: v, note: '完成', status: 'in_progress' }),
      await staffD.post(`/api/tasks/${shared}/transitions`, { version: v, to: 'in_progress' }),
      await staffD.patch(`/api/tasks/${shared}`, { version: v, title: '改个标题' }),
      await staffD.post(`/api/tasks/${shared}/extensions`, {
        version: v,
        newDueDate: '2032-12-31',
        reason: '配合单位想延期',
      }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(res.body.messageZh ?? res.body.message).toBeTruthy();
    }
    expect(await progressCount(shared)).toBe(before);
    expect(await version(shared)).toBe(v);
  });

  it('does not let the co-owning bureau’s supervisor sign off or decide for the owning bureau', async () => {
    let v = await version(shared);
    expect(
      (await api.as.staffA.post(`/api/tasks/${shared}/transitions`, { version: v, to: 'in_progress' })).status,
    ).toBe(201);
    v = await version(shared);
    const submitted = await api.as.staffA.post(`/api/tasks/${shared}/transitions`, {
      version: v,
      to: 'submitted',
      evidence: '专项检查报告已印发',
    });
    expect(submitted.status).toBe(201);
    const closing = await supervisorD.post(`/api/tasks/${shared}/transitions`, { version: v + 1, to: 'closed' });
    expect(closing.status).toBe(403);
    expect((await detailAs(api.as.staffA, shared)).body.status).toBe('submitted');
    // The owning bureau's supervisor can.
    expect(
      (
        await api.as.supervisor.post(`/api/tasks/${shared}/transitions`, {
          version: v + 1,
          to: 'returned',
          reason: '佐证不全',
        })
      ).status,
    ).toBe(201);
  });

  it('reminds the co-owning bureau’s staff of the deadline, beside the owning bureau’s', async () => {
    const patched = await api.as.staffA.patch(`/api/tasks/${shared}`, {
      version: await version(shared),
      dueDate: '2025-06-30',
    });
    expect(patched.status).toBe(200);
    // Monday 2025-06-23: seven days before the due date.
    const plan = await planSweep(ds, '2025-06-23');
    const owed = new Set(plan.reminders.filter((r) => r.planItemId === shared).map((r) => r.userId));
    expect(owed).toContain(staffDId);
    expect(owed).toContain(api.world.users.staffA.id);
    expect(owed).not.toContain(api.world.users.staffB.id);
  });

  it('follows corrections of the units, audited, and a bureau added later', async () => {
    // A bureau created after the report: the task naming 区民政局 now involves it.
    const civilBureau = await api.as.admin.post('/api/bureaus', {
      name: '杭州市西湖区民政局',
      region: '浙江省杭州市西湖区',
      level: 'district',
    });
    expect(civilBureau.status).toBe(201);
    expect((await detailAs(api.as.staffA, civil)).body.participants).toMatchObject([
      { bureauId: civilBureau.body.id, unit: '区民政局', role: 'co' },
    ]);
    // The lead bureau corrects the co-units: the finance bureau no longer takes part.
    const corrected = await api.as.staffA.patch(`/api/tasks/${shared}`, {
      version: await version(shared),
      coOwners: ['各镇街'],
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.participants).toEqual([]);
    expect((await detailAs(staffD, shared)).status).toBe(404);
    expect((await staffD.get('/api/tasks')).body.total).toBe(0);
    const audit = await new ActivityRepository(ds).auditOf('plan_item', shared);
    expect(audit.find((e) => e.field === 'participants')).toMatchObject({
      action: 'correct',
      actorId: api.world.users.staffA.id,
    });
  });
});
