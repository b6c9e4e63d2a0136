import { allowedTargets, checkTransition, TRANSITIONS } from './task-workflow';

describe(checkTransition.name, () => {
  it('lets staff start, submit with evidence, and resume a returned task', () => {
    expect(checkTransition('planned', 'in_progress', 'staff', {})).toMatchObject({ ok: true });
    expect(checkTransition('in_progress', 'submitted', 'staff', { evidence: '会议纪要' })).toMatchObject({ ok: true });
    expect(checkTransition('returned', 'in_progress', 'staff', {})).toMatchObject({ ok: true });
  });

  it('requires evidence to ask for closure (申请销号)', () => {
    expect(checkTransition('in_progress', 'submitted', 'staff', { evidence: '  ' })).toMatchObject({
      ok: false,
      problem: 'evidence',
    });
  });

  it('lets only supervisors and admins close or return a submitted task', () => {
    expect(checkTransition('submitted', 'closed', 'staff', {})).toMatchObject({ ok: false, problem: 'role' });
    expect(checkTransition('submitted', 'closed', 'supervisor', {})).toMatchObject({ ok: true });
    expect(checkTransition('submitted', 'returned', 'admin', {})).toMatchObject({ ok: false, problem: 'reason' });
    expect(checkTransition('submitted', 'returned', 'admin', { reason: '材料不全' })).toMatchObject({ ok: true });
  });

  it('requires a written reason to drop a task or to reopen a closed one', () => {
    expect(checkTransition('planned', 'dropped', 'staff', {})).toMatchObject({ ok: false, problem: 'reason' });
    expect(checkTransition('closed', 'in_progress', 'supervisor', { reason: '复查发现问题' })).toMatchObject({
      ok: true,
    });
    expect(checkTransition('closed', 'in_progress', 'staff', { reason: 'x' })).toMatchObject({
      ok: false,
      problem: 'role',
    });
  });

  it('refuses a jump the workflow does not have and lists the allowed ones', () => {
    expect(checkTransition('planned', 'closed', 'admin', {})).toEqual({
      ok: false,
      problem: 'invalid',
      allowed: ['in_progress', 'blocked', 'dropped'],
    });
  });
});

describe(allowedTargets.name, () => {
  it('has no duplicate rules and no self-transitions', () => {
    const keys = TRANSITIONS.map((t) => `${t.from}>${t.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(TRANSITIONS.filter((t) => t.from === t.to)).toEqual([]);
  });

  it('offers staff nothing on a submitted task', () => {
    expect(allowedTargets('submitted', 'staff')).toEqual([]);
  });
});
