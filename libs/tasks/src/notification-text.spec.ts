import {
  NOTIFICATION_KINDS,
  QUOTED_NOTE_MAX,
  QUOTED_TITLE_MAX,
  chineseDate,
  isTaskReminderKind,
  reminderNotification,
  taskEventNotification,
  taskLink,
} from './notification-text';

describe(reminderNotification.name, () => {
  const notice = { taskTitle: '提升行政复议工作质效', dueDate: '2025-06-30', bureau: '杭州市西湖区司法局' };

  it('says how many days are left when a reminder comes before the due date', () => {
    expect(reminderNotification({ ...notice, kind: 'before', key: 'before-7' })).toEqual({
      kind: 'due_soon',
      title: '任务即将到期',
      body: '「提升行政复议工作质效」将于2025年6月30日到期（还有7天），请及时推进。',
    });
  });

  it('names the passed due date when the task is overdue', () => {
    expect(reminderNotification({ ...notice, kind: 'overdue', key: 'overdue' })).toEqual({
      kind: 'overdue',
      title: '任务已逾期',
      body: '「提升行政复议工作质效」已超过完成时限（2025年6月30日），请尽快推进或申请延期。',
    });
  });

  it('names the bureau when escalating to a supervisor', () => {
    expect(reminderNotification({ ...notice, kind: 'escalation', key: 'escalation-1' })).toEqual({
      kind: 'escalation',
      title: '逾期任务督办',
      body: '杭州市西湖区司法局的「提升行政复议工作质效」已逾期（完成时限2025年6月30日），请督促办理。',
    });
  });

  it('clips a long title and does without a missing date', () => {
    const long = '加'.repeat(QUOTED_TITLE_MAX + 20);
    const text = reminderNotification({ kind: 'before', key: 'before', taskTitle: long, dueDate: null, bureau: null });
    expect(text.body).toBe(`「${'加'.repeat(QUOTED_TITLE_MAX - 1)}…」即将到期，请及时推进。`);
  });
});

describe(taskEventNotification.name, () => {
  it('asks the supervisor to review a closure request, quoting the evidence', () => {
    expect(
      taskEventNotification({
        type: 'closure_requested',
        actor: '张三',
        taskTitle: '开展普法宣传',
        evidence: '已印发\n《工作办法》',
      }),
    ).toEqual({
      kind: 'approval_waiting',
      title: '待审核：申请销号',
      body: '张三就「开展普法宣传」申请销号，请审核。佐证：已印发 《工作办法》',
    });
  });

  it('tells staff why their task was returned', () => {
    expect(
      taskEventNotification({ type: 'closure_returned', actor: '督查', taskTitle: '开展普法宣传', reason: '材料不全' }),
    ).toMatchObject({ kind: 'returned', body: '「开展普法宣传」的销号申请被督查退回。理由：材料不全' });
  });

  it('tells of closure and of extension decisions, with dates as people write them', () => {
    expect(taskEventNotification({ type: 'closure_approved', actor: '督查', taskTitle: 'X' })).toMatchObject({
      kind: 'approved',
      title: '任务已销号',
    });
    expect(
      taskEventNotification({
        type: 'extension_requested',
        actor: '张三',
        taskTitle: 'X',
        oldDueDate: '2099-06-30',
        newDueDate: '2099-09-30',
        reason: '需会签',
      }),
    ).toMatchObject({
      kind: 'approval_waiting',
      title: '待审核：延期申请',
      body: '张三申请将「X」的完成时限由2099年6月30日延至2099年9月30日，请审核。理由：需会签',
    });
    expect(
      taskEventNotification({ type: 'extension_approved', actor: '督查', taskTitle: 'X', newDueDate: '2099-09-30' }),
    ).toMatchObject({ kind: 'approved', body: '督查批准了「X」的延期申请，完成时限延至2099年9月30日。' });
    expect(
      taskEventNotification({ type: 'extension_rejected', actor: '督查', taskTitle: 'X', note: '   ' }),
    ).toMatchObject({ kind: 'rejected', body: '督查未批准「X」的延期申请，完成时限不变。' });
  });

  it('clips a long reason', () => {
    const text = taskEventNotification({
      type: 'closure_returned',
      actor: '督查',
      taskTitle: 'X',
      reason: '因'.repeat(QUOTED_NOTE_MAX * 2),
    });
    expect(text.body.endsWith(`${'因'.repeat(QUOTED_NOTE_MAX - 1)}…`)).toBe(true);
  });

  it('only ever produces the known kinds', () => {
    expect(NOTIFICATION_KINDS).toEqual(expect.arrayContaining(['approval_waiting', 'returned', 'escalation']));
  });
});

describe('helpers', () => {
  it('writes dates the Chinese way, links tasks and tells task reminders from digests', () => {
    expect(chineseDate('2025-01-05')).toBe('2025年1月5日');
    expect(taskLink(42)).toBe('/tasks/42');
    expect(['before', 'overdue', 'escalation', 'digest', 'annual_report'].filter(isTaskReminderKind)).toEqual([
      'before',
      'overdue',
      'escalation',
    ]);
  });
});
