'use strict';

/**
 * A little of a bureau's year on top of the freshly ingested, re-dated samples, through the public
 * API as a user would do it: two of last year's promises reported done and signed off (销号), one
 * late one being worked on while another stays untouched, and a few of this year's under way with a
 * progress note, and a task handed to the bureau this week (交办事项) due within days. The first
 * screen then shows done, under way, due-soon, on-track and overdue work together. Used by `npm run demo` and by the browser test that takes the
 * README's first-screen screenshot, so the picture is what a newcomer sees.
 *
 * `reporter` reports progress and asks (the bureau's staff), `approver` signs off (an admin or the
 * supervisor); both are { email, password }. Returns counts of what it did.
 */
async function addDemoActivity(base, { reporter, approver, bureauName, planYear, today = new Date() }) {
  const call = async (token, method, url, body) => {
    const res = await fetch(base + url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const login = async ({ email, password }) =>
    (await call('', 'POST', '/api/auth/login', { email, password })).accessToken;
  const staff = await login(reporter);
  const boss = await login(approver);

  const bureaus = (await call(boss, 'GET', '/api/bureaus?pageSize=1000')).items;
  const bureau = bureaus.find((b) => b.name === bureauName);
  if (!bureau) throw new Error(`no bureau named ${bureauName}`);
  const list = async (year) =>
    (
      await call(
        boss,
        'GET',
        `/api/tasks?bureauId=${bureau.id}&planYear=${year}&rootsOnly=true&status=planned&pageSize=100`,
      )
    ).items.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  const version = async (id) => (await call(boss, 'GET', `/api/tasks/${id}`)).version;
  const day = (offset) => {
    const d = new Date(today.getTime() + offset * 86_400_000);
    return d.toISOString().slice(0, 10);
  };
  const done = { closed: 0, underway: 0, late: 0, assigned: 0 };

  const lastYear = await list(planYear - 1);
  const overdue = lastYear.filter((t) => t.dueDate && t.dueDate < day(0));
  const onTime = lastYear.filter((t) => !overdue.includes(t));
  // Two of last year's promises that are not late: reported done with evidence and signed off.
  for (const task of onTime.slice(0, 2)) {
    await call(staff, 'POST', `/api/tasks/${task.id}/progress`, {
      version: await version(task.id),
      percent: 100,
      note: '已按计划完成，相关材料已归档。',
      status: 'in_progress',
    });
    await call(staff, 'POST', `/api/tasks/${task.id}/transitions`, {
      version: await version(task.id),
      to: 'submitted',
      evidence: '完成情况报告及相关台账已上传。',
    });
    await call(boss, 'POST', `/api/tasks/${task.id}/transitions`, { version: await version(task.id), to: 'closed' });
    done.closed += 1;
  }
  // One late promise still being worked on (another stays untouched, overdue).
  const late = overdue.length > 1 ? overdue[0] : undefined;
  if (late) {
    await call(staff, 'POST', `/api/tasks/${late.id}/progress`, {
      version: await version(late.id),
      percent: 80,
      note: '主体工作已完成，正在汇总材料。',
      status: 'in_progress',
    });
    done.late += 1;
  }
  // A task the bureau was handed this week (交办事项): due within days.
  await call(staff, 'POST', '/api/tasks', {
    bureauId: bureau.id,
    title: '报送本年度法治政府建设情况报告初稿',
    body: '按区委依法治区办通知，汇总各科室材料，形成年度报告初稿报送。',
    dueDate: day(5),
    owner: bureau.name,
    sourceKind: 'manual',
  });
  done.assigned += 1;
  // Three of this year's under way.
  for (const task of (await list(planYear)).slice(0, 3)) {
    await call(staff, 'POST', `/api/tasks/${task.id}/progress`, {
      version: await version(task.id),
      percent: 30,
      note: '已制定实施方案，正在推进。',
      status: 'in_progress',
    });
    done.underway += 1;
  }
  return done;
}

module.exports = { addDemoActivity };
