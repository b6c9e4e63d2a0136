import {
  annualReportReminderDue,
  applyBurdenCap,
  isSendingWindow,
  occurrences,
  remindersDue,
  type TaskForPolicy,
} from './reminder-policy';

const task = (over: Partial<TaskForPolicy> = {}): TaskForPolicy => ({
  id: 1,
  status: 'in_progress',
  dueDate: '2025-06-30',
  recurrence: null,
  planYear: 2025,
  ...over,
});
const keys = (t: TaskForPolicy, today: string) => remindersDue(t, today).map((r) => `${r.key}@${r.sendOn}`);

describe(remindersDue.name, () => {
  it.each([
    ['2025-05-29', []],
    ['2025-05-30', ['before-30@2025-05-30']], // 05-31 is a Saturday: the working day before
    ['2025-06-22', ['before-30@2025-05-30']],
    ['2025-06-23', ['before-7@2025-06-23']],
    ['2025-06-27', ['before-1@2025-06-27']], // 06-29 is a Sunday
    ['2025-06-30', ['before-1@2025-06-27']],
    ['2025-07-01', ['overdue@2025-07-01']],
    ['2025-07-07', ['overdue@2025-07-01']],
    ['2025-07-08', ['escalation-1@2025-07-08']],
    ['2025-07-15', ['escalation-2@2025-07-15']],
  ])('on %s owes %j to a task due 2025-06-30', (today, expected) => {
    expect(keys(task(), today)).toEqual(expected);
  });

  it('sends a reminder that falls in the National Day holiday on the working day before', () => {
    // Due 2025-10-13: seven days before is 10-06, inside the holiday; 09-30 is the working day before.
    expect(keys(task({ dueDate: '2025-10-13' }), '2025-09-30')).toEqual(['before-7@2025-09-30']);
    // One day before is Sunday 10-12; Saturday 10-11 is worked in lieu, so it goes out then.
    expect(keys(task({ dueDate: '2025-10-13' }), '2025-10-11')).toEqual(['before-1@2025-10-11']);
  });

  it('counts a weekend make-up day (调休) as a working day', () => {
    // 2025-09-28 is a Sunday worked in lieu of the holiday.
    expect(keys(task({ dueDate: '2025-10-28' }), '2025-09-28')).toEqual(['before-30@2025-09-28']);
  });

  it('owes nothing to closed, dropped or undated tasks', () => {
    expect(keys(task({ status: 'closed' }), '2025-07-08')).toEqual([]);
    expect(keys(task({ status: 'dropped' }), '2025-06-23')).toEqual([]);
    expect(keys(task({ dueDate: null }), '2025-06-23')).toEqual([]);
  });

  it('reminds a monthly task before each month end, with offsets that fit the period', () => {
    const monthly = task({ recurrence: 'monthly', dueDate: '2025-12-31' });
    expect(occurrences(monthly)).toHaveLength(12);
    expect(keys(monthly, '2025-03-24')).toEqual(['before-7@2025-03-24']);
    expect(keys(monthly, '2025-03-03')).toEqual([]);
  });
});

describe(isSendingWindow.name, () => {
  it.each([
    ['2025-09-29T02:00:00Z', true], // Monday 10:00 in Shanghai
    ['2025-09-29T12:00:00Z', false], // 20:00
    ['2025-10-01T02:00:00Z', false], // National Day
    ['2025-09-28T02:00:00Z', true], // Sunday worked in lieu
    ['2025-09-27T02:00:00Z', false], // Saturday
  ])('at %s is %s', (at, expected) => {
    expect(isSendingWindow(new Date(at))).toBe(expected);
  });
});

describe(applyBurdenCap.name, () => {
  it('lets the first reminders through up to the weekly cap and folds the rest into the digest', () => {
    expect(applyBurdenCap(['a', 'b', 'c', 'd'], 3, 5)).toEqual({ single: ['a', 'b'], digest: ['c', 'd'] });
    expect(applyBurdenCap(['a'], 9, 5)).toEqual({ single: [], digest: ['a'] });
  });
});

describe(annualReportReminderDue.name, () => {
  it('reminds from the working day before the lead time until the statutory deadline', () => {
    expect(annualReportReminderDue('2025-02-14', { month: 3, day: 1 }, 14)).toEqual({
      reportYear: 2024,
      deadline: '2025-03-01',
    });
    expect(annualReportReminderDue('2025-02-10', { month: 3, day: 1 }, 14)).toBeNull();
    expect(annualReportReminderDue('2025-03-02', { month: 3, day: 1 }, 14)).toBeNull();
  });
});
