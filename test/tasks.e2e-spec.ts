import { bootApiWorld, type ApiWorld } from './support/api-world';
import { sample } from './support/fixtures';
import type { HttpClient } from './support/http-client';
import { databaseTargets } from './support/test-env';

describe.each(databaseTargets())('tasks over HTTP on %s', (target) => {
  let api: ApiWorld;
  let world: ApiWorld['world'];
  let staffA: HttpClient;
  let supervisor: HttpClient;
  let reportId: number;

  beforeAll(async () => {
    api = await bootApiWorld(target);
    world = api.world;
    ({ staffA, supervisor } = api.as);
    reportId = (await staffA.post('/api/reports', { text: sample('xihu-2023.txt').toString('utf8') })).body.report.id;
  });

  afterAll(async () => {
    await api?.close();
  });

  async function task(path: string) {
    const list = await staffA.get(`/api/tasks?reportId=${reportId}&pageSize=200`);
    const summary = list.body.items.find((t: { path: string }) => t.path === path);
    return (await staffA.get(`/api/tasks/${summary.id}`)).body;
  }

  describe('GET /api/tasks', () => {
    it('lists tasks soonest due first with derived overdue and traffic light', async () => {
      const res = await staffA.get(`/api/tasks?reportId=${reportId}`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(7);
      const dues = res.body.items.map((t: { dueDate: string }) => t.dueDate);
      expect([...dues].sort()).toEqual(dues);
      // The 2024 plan is in the past: every open task is overdue and red.
      expect(
        res.body.items.every((t: { overdue: boolean; trafficLight: string }) => t.overdue && t.trafficLight === 'red'),
      ).toBe(true);
    });

    it.each([
      ['status', 'status=planned,in_progress', 7],
      ['text search', `q=${encodeURIComponent('法律援助')}`, 1],
      ['owner', `owner=${encodeURIComponent('区委依法治区办')}`, 1],
      ['due before', 'dueBefore=2024-06-30', 1],
      ['due after', 'dueAfter=2024-09-30', 6],
      ['overdue', 'overdue=true', 7],
      ['plan year', 'planYear=2023', 0],
      ['top level', 'rootsOnly=true', 4],
      ['bureau subtree (the city bureau includes its districts)', 'bureauId=CITY', 7],
    ])('filters by %s', async (_name, query, expected) => {
      const res = await supervisor.get(
        `/api/tasks?reportId=${reportId}&${query.replace('CITY', String(world.bureaus.city))}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(expected);
    });

    it('search folds traditional/simplified and full/half width, and reads progress notes and comments', async () => {
      const total = async (q: string) =>
        (await staffA.get(`/api/tasks?reportId=${reportId}&q=${encodeURIComponent(q)}`)).body.total as number;
      const simplified = await total('区委依法治区办');
      expect(simplified).toBeGreaterThan(0);
      await expect(total('區委依法治區辦')).resolves.toBe(simplified);
      await expect(total('法律援助')).resolves.toBe(1);
      const items = (await staffA.get(`/api/tasks?reportId=${reportId}&pageSize=200`)).body.items;
      const first = items[items.length - 1];
      await expect(total('季度推进督导会')).resolves.toBe(0);
      const version = (await staffA.get(`/api/tasks/${first.id}`)).body.version;
      expect(
        (await staffA.post(`/api/tasks/${first.id}/progress`, { note: '已召开季度推進督導會（ＱＡ）', version }))
          .status,
      ).toBe(201);
      await expect(total('季度推进督导会')).resolves.toBe(1);
      await expect(total('qa')).resolves.toBe(1);
      expect((await staffA.post(`/api/tasks/${first.id}/comments`, { body: '請財政局協調經費' })).status).toBe(201);
      await expect(total('请财政局协调')).resolves.toBe(1);
      // LIKE wildcards in the query are matched literally.
      await expect(total('法%援')).resolves.toBe(0);
    });

    it('paginates', async () => {
      const page1 = await staffA.get(`/api/tasks?reportId=${reportId}&pageSize=3&page=1`);
      const page3 = await staffA.get(`/api/tasks?reportId=${reportId}&pageSize=3&page=3`);
      expect(page1.body.items).toHaveLength(3);
      expect(page3.body.items).toHaveLength(1);
      expect(page1.body.total).toBe(7);
    });

    it('rejects bad filters with 400 and the field named', async () => {
      const res = await staffA.get('/api/tasks?status=finished&dueBefore=tomorrow&pageSize=1000');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION');
      expect(res.body.details.join(' ')).toMatch(/status/);
      expect(res.body.details.join(' ')).toMatch(/dueBefore/);
      expect(res.body.details.join(' ')).toMatch(/pageSize/);
    });
  });

  describe('GET /api/tasks/:id', () => {
    it('returns the task with children, actions, source offsets and allowed transitions', async () => {
      const parent = await task('4');
      expect(parent.children.map((c: { path: string }) => c.path)).toEqual(['4.1', '4.2', '4.3']);
      expect(parent.allowedTransitions).toEqual(['in_progress', 'blocked', 'dropped']);
      expect(parent.canEdit).toBe(true);
      expect(parent.source.end).toBeGreaterThan(parent.source.start);
      expect(parent).toMatchObject({ reminders: [], evidence: [] });
    });
  });

  describe('workflow', () => {
    it('moves planned → in_progress → submitted (with evidence) → closed by a supervisor', async () => {
      let t = await task('1');
      let res = await staffA.post(`/api/tasks/${t.id}/transitions`, { to: 'in_progress', version: t.version });
      expect(res.status).toBe(201);
      t = res.body;
      res = await staffA.post(`/api/tasks/${t.id}/transitions`, { to: 'submitted', version: t.version });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('EVIDENCE_REQUIRED');
      res = await staffA.post(`/api/tasks/${t.id}/transitions`, {
        to: 'submitted',
        version: t.version,
        evidence: '《繁简分流工作办法》已印发',
      });
      expect(res.status).toBe(201);
      t = res.body;
      res = await staffA.post(`/api/tasks/${t.id}/transitions`, { to: 'closed', version: t.version });
      expect(res.status).toBe(403);
      res = await supervisor.post(`/api/tasks/${t.id}/transitions`, { to: 'closed', version: t.version });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'closed', trafficLight: null, overdue: false });
      expect(res.body.progressUpdates.map((p: { statusTo: string }) => p.statusTo)).toEqual([
        'in_progress',
        'submitted',
        'closed',
      ]);
    });

    it('answers an invalid transition with 409 and the allowed ones', async () => {
      const t = await task('2');
      const res = await staffA.post(`/api/tasks/${t.id}/transitions`, { to: 'closed', version: t.version });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        code: 'INVALID_TRANSITION',
        from: 'planned',
        to: 'closed',
        allowed: ['in_progress', 'blocked', 'dropped'],
        messageZh: '不允许的状态变更',
      });
    });

    it('lets a supervisor return a submission only with a reason', async () => {
      let t = await task('3');
      t = (await staffA.post(`/api/tasks/${t.id}/transitions`, { to: 'in_progress', version: t.version })).body;
      t = (
        await staffA.post(`/api/tasks/${t.id}/transitions`, {
          to: 'submitted',
          version: t.version,
          evidence: '复核名单',
        })
      ).body;
      const noReason = await supervisor.post(`/api/tasks/${t.id}/transitions`, { to: 'returned', version: t.version });
      expect(noReason.status).toBe(422);
      const returned = await supervisor.post(`/api/tasks/${t.id}/transitions`, {
        to: 'returned',
        version: t.version,
        reason: '复核材料不全',
      });
      expect(returned.status).toBe(201);
      expect(returned.body.status).toBe('returned');
    });

    it('refuses a stale version with 409 and never overwrites', async () => {
      const t = await task('2');
      const first = await staffA.post(`/api/tasks/${t.id}/progress`, {
        version: t.version,
        percent: 30,
        note: '已起草方案',
      });
      expect(first.status).toBe(201);
      const stale = await staffA.post(`/api/tasks/${t.id}/progress`, {
        version: t.version,
        percent: 90,
        note: '覆盖？',
      });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'STALE_VERSION', currentVersion: t.version + 1 });
      const now = await task('2');
      expect(now.progressUpdates.map((p: { percent: number }) => p.percent)).toEqual([30]);
    });
  });

  describe('assignment, comments and audit', () => {
    it('assigns only to users of the owning bureau and records who changed what', async () => {
      const t = await task('4.1');
      const wrong = await staffA.patch(`/api/tasks/${t.id}`, { version: t.version, assigneeId: world.users.staffB.id });
      expect(wrong.status).toBe(422);
      expect(wrong.body.code).toBe('ASSIGNEE_NOT_IN_BUREAU');
      const ok = await staffA.patch(`/api/tasks/${t.id}`, { version: t.version, assigneeId: world.users.staffA2.id });
      expect(ok.status).toBe(200);
      expect(ok.body.assigneeId).toBe(world.users.staffA2.id);
      const comment = await supervisor.post(`/api/tasks/${t.id}/comments`, { body: '请于本月底前报送进展' });
      expect(comment.status).toBe(201);
      const audit = await staffA.get(`/api/tasks/${t.id}/audit`);
      expect(audit.body.items).toEqual([
        expect.objectContaining({
          action: 'update',
          field: 'assigneeId',
          before: null,
          after: String(world.users.staffA2.id),
          actorId: world.users.staffA.id,
        }),
        expect.objectContaining({
          action: 'comment',
          after: '请于本月底前报送进展',
          actorId: world.users.supervisor.id,
        }),
      ]);
      const after = await task('4.1');
      expect(after.version).toBe(ok.body.version);
    });

    it('corrects what the parser read — title, text, due date, lead and co-units — audited as corrections and searchable at once', async () => {
      const t = await task('4.3');
      const res = await staffA.patch(`/api/tasks/${t.id}`, {
        version: t.version,
        title: '年底前建成線上普法資源庫（更正）',
        dueDate: '2024-11-30',
        owner: '区普法办',
        coOwners: ['区融媒体中心', '区融媒体中心', ' 各镇街 '],
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        title: '年底前建成線上普法資源庫（更正）',
        dueDate: '2024-11-30',
        owner: '区普法办',
        coOwners: ['区融媒体中心', '各镇街'],
      });
      const found = await staffA.get(
        `/api/tasks?reportId=${reportId}&q=${encodeURIComponent('线上普法资源库（更正）')}`,
      );
      expect(found.body.items.map((i: { id: number }) => i.id)).toEqual([t.id]);
      const audit = (await staffA.get(`/api/tasks/${t.id}/audit`)).body.items as Array<{
        action: string;
        field: string;
      }>;
      expect(
        audit
          .filter((a) => a.action === 'correct')
          .map((a) => a.field)
          .sort(),
      ).toEqual(['coOwners', 'dueDate', 'owner', 'title']);
      expect(audit.some((a) => a.field === 'searchText')).toBe(false);
      // The old version is stale now; another bureau cannot see it; a supervisor above may not edit it.
      expect((await staffA.patch(`/api/tasks/${t.id}`, { version: t.version, title: '再改' })).status).toBe(409);
      expect((await api.as.staffB.patch(`/api/tasks/${t.id}`, { version: res.body.version, title: 'x' })).status).toBe(
        404,
      );
      expect((await supervisor.patch(`/api/tasks/${t.id}`, { version: res.body.version, title: 'x' })).status).toBe(
        403,
      );
    });

    it('corrects the targets, audited as a correction, and only within the owning bureau', async () => {
      const t = await task('4.2');
      const targets = [
        { text: '培训执法人员不少于300人次', metric: '培训执法人员', op: '>=', value: 300, unit: ' 人次 ' },
        { text: '投诉率低于0.5%', metric: '投诉率', op: '<', value: 0.5, unit: null },
      ];
      expect((await api.as.staffB.patch(`/api/tasks/${t.id}`, { version: t.version, targets })).status).toBe(404);
      expect((await supervisor.patch(`/api/tasks/${t.id}`, { version: t.version, targets })).status).toBe(403);
      const res = await staffA.patch(`/api/tasks/${t.id}`, { version: t.version, targets });
      expect(res.status).toBe(200);
      expect(res.body.targets).toEqual([{ ...targets[0], unit: '人次' }, targets[1]]);
      expect((await task('4.2')).targets).toEqual(res.body.targets);
      const audit = (await staffA.get(`/api/tasks/${t.id}/audit`)).body.items as Array<{
        action: string;
        field: string;
        before: string;
        after: string;
      }>;
      const corrected = audit.filter((a) => a.field === 'targets');
      expect(corrected).toHaveLength(1);
      expect(corrected[0].action).toBe('correct');
      expect(JSON.parse(corrected[0].before)).toEqual(t.targets);
      expect(JSON.parse(corrected[0].after)).toEqual(res.body.targets);
      // The same targets again, keys in another order: nothing changed, nothing audited.
      const reordered = res.body.targets.map((x: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(x).reverse()),
      );
      const again = await staffA.patch(`/api/tasks/${t.id}`, { version: res.body.version, targets: reordered });
      expect(again.status).toBe(200);
      const auditAgain = (await staffA.get(`/api/tasks/${t.id}/audit`)).body.items as Array<{ field: string }>;
      expect(auditAgain.filter((a) => a.field === 'targets')).toHaveLength(1);
      const cleared = await staffA.patch(`/api/tasks/${t.id}`, { version: again.body.version, targets: [] });
      expect(cleared.status).toBe(200);
      expect(cleared.body.targets).toEqual([]);
    });

    const target = { text: '不少于500件', metric: '办理案件', op: '>=', value: 500, unit: '件' };
    it.each([
      ['targets as text', { targets: '不少于500件' }],
      ['21 targets', { targets: Array.from({ length: 21 }, () => target) }],
      ['10,000 targets', { targets: Array.from({ length: 10_000 }, () => target) }],
      ['a target that is a string', { targets: ['不少于500件'] }],
      ['a target inside an array', { targets: [[target]] }],
      ['a target with an unknown operator', { targets: [{ ...target, op: '≥' }] }],
      ['a target whose value is text', { targets: [{ ...target, value: '500' }] }],
      ['a target whose value is huge', { targets: [{ ...target, value: 1e300 }] }],
      ['a target whose metric is an object', { targets: [{ ...target, metric: { $gt: '' } }] }],
      ['a target with a blank metric', { targets: [{ ...target, metric: '   ' }] }],
      ['a target of 1,000 characters', { targets: [{ ...target, text: '件'.repeat(1000) }] }],
      ['a target with an extra field', { targets: [{ ...target, met: true }] }],
      ['a target without its metric', { targets: [{ text: '不少于500件', op: '>=', value: 500 }] }],
      ['a date that does not exist', { dueDate: '2024-02-30' }],
      ['a date in another format', { dueDate: '2024/12/31' }],
      ['a blank title', { title: '   ' }],
      ['a 600-character title', { title: '题'.repeat(600) }],
      ['a body of 30,000 characters', { body: '文'.repeat(30_000) }],
      ['co-units as text', { coOwners: '区财政局' }],
      ['a co-unit that is an object', { coOwners: [{ name: '区财政局' }] }],
      ['a lead unit that is a number', { owner: 7 }],
    ])('refuses %s with 400 and changes nothing', async (_what, change) => {
      const t = await task('3');
      const res = await staffA.patch(`/api/tasks/${t.id}`, { version: t.version, ...change });
      expect(res.status).toBe(400);
      expect(res.body.messageZh).toEqual(expect.any(String));
      expect((await task('3')).version).toBe(t.version);
    });

    it('does not let a supervisor record progress for a bureau below it', async () => {
      const t = await task('4.2');
      const res = await supervisor.post(`/api/tasks/${t.id}/progress`, { version: t.version, percent: 10 });
      expect(res.status).toBe(403);
    });
  });

  describe('deadline extensions', () => {
    it('refuses an extension once the due date has passed', async () => {
      const t = await task('4.3');
      const res = await staffA.post(`/api/tasks/${t.id}/extensions`, {
        version: t.version,
        newDueDate: '2030-12-31',
        reason: '资金未到位',
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('DUE_DATE_PASSED');
    });

    it('moves the due date when a supervisor approves, keeping the original date and history', async () => {
      const future = await staffA.post('/api/reports', {
        text: sample('xihu-2023.txt').toString('utf8').replace(/2024/g, '2099').replace(/2023/g, '2098'),
      });
      const list = await staffA.get(`/api/tasks?reportId=${future.body.report.id}&rootsOnly=true`);
      const t = (await staffA.get(`/api/tasks/${list.body.items[0].id}`)).body;
      expect(t.trafficLight).toBe('green');
      const req = await staffA.post(`/api/tasks/${t.id}/extensions`, {
        version: t.version,
        newDueDate: '2099-09-30',
        reason: '需与法院会签',
      });
      expect(req.status).toBe(201);
      const again = await staffA.post(`/api/tasks/${t.id}/extensions`, {
        version: t.version,
        newDueDate: '2099-10-31',
        reason: '再次',
      });
      expect(again.status).toBe(409);
      const byStaff = await staffA.post(`/api/extensions/${req.body.id}/decision`, { approve: true });
      expect(byStaff.status).toBe(403);
      const pending = await supervisor.get('/api/extensions?status=pending');
      expect(pending.body.items.map((e: { id: number }) => e.id)).toContain(req.body.id);
      const decided = await supervisor.post(`/api/extensions/${req.body.id}/decision`, { approve: true, note: '同意' });
      expect(decided.status).toBe(200);
      expect(decided.body.status).toBe('approved');
      const after = (await staffA.get(`/api/tasks/${t.id}`)).body;
      expect(after).toMatchObject({ dueDate: '2099-09-30', originalDueDate: t.dueDate });
      expect(after.extensions).toHaveLength(1);
      const twice = await supervisor.post(`/api/extensions/${req.body.id}/decision`, { approve: false });
      expect(twice.status).toBe(409);
    });
  });
});
