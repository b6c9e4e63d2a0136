import {
  DIGEST_LIST_LIMIT,
  annualReportDueEmail,
  beforeDueEmail,
  digestEmail,
  escalationEmail,
  missingReportsEmail,
  overdueEmail,
  type TaskLine,
} from './email.templates';

const task: TaskLine = {
  title: '提升行政复议工作质效',
  bureau: '杭州市西湖区司法局',
  dueDate: '2025-06-30',
  daysLeft: 7,
  targets: ['行政复议案件平均办理周期<=45天'],
  url: 'https://luoshi.example.gov.cn/tasks/12',
};
const muteUrl = 'https://luoshi.example.gov.cn/api/reminders/mute?token=abc';
const listUrl = 'https://luoshi.example.gov.cn/tasks';

describe('e-mail templates', () => {
  it('renders the reminder before the due date', () => {
    expect(beforeDueEmail({ recipientName: '张三', task, muteUrl })).toMatchSnapshot();
  });

  it('renders the overdue notice', () => {
    expect(overdueEmail({ recipientName: '张三', task: { ...task, daysLeft: -1 }, muteUrl })).toMatchSnapshot();
  });

  it('renders the escalation to supervisors', () => {
    expect(escalationEmail({ recipientName: '李督查', task: { ...task, daysLeft: -8 }, muteUrl })).toMatchSnapshot();
  });

  it('renders the digest', () => {
    expect(
      digestEmail({
        recipientName: '张三',
        date: '2025-06-23',
        tasks: [task, { ...task, title: '加强法律援助服务保障', daysLeft: -3 }],
        settingsUrl: muteUrl,
        listUrl,
      }),
    ).toMatchSnapshot();
  });

  it('lists the most urgent tasks of a long digest and counts the rest with a link to all of them', () => {
    const tasks = Array.from({ length: DIGEST_LIST_LIMIT + 7 }, (_, i) => ({
      ...task,
      title: `事项${i}`,
      daysLeft: 53 - i,
    }));
    const email = digestEmail({ recipientName: '张三', date: '2025-06-23', tasks, settingsUrl: muteUrl, listUrl });
    expect(email.subject).toBe(`【落实汇总】2025-06-23 共${DIGEST_LIST_LIMIT + 7}项待办（逾期3项）`);
    const listed = email.text.split('\n').filter((line) => /^\d+\. /.test(line));
    expect(listed).toHaveLength(DIGEST_LIST_LIMIT);
    expect(listed[0]).toContain(`事项${DIGEST_LIST_LIMIT + 6}`); // the most overdue first
    expect(email.text).toContain(`……另有7项未列出，全部待办请见：${listUrl}`);
    expect(email.html).toContain(`另有7项未列出，全部待办请见：<a href="${listUrl}">我的任务</a>`);
    expect(email.text).not.toContain('事项0｜');
  });

  it('renders the annual report reminder', () => {
    expect(
      annualReportDueEmail({
        recipientName: '张三',
        bureau: '杭州市西湖区司法局',
        reportYear: 2024,
        deadline: '2025-03-01',
        uploadUrl: 'https://luoshi.example.gov.cn/upload',
        settingsUrl: muteUrl,
      }),
    ).toMatchSnapshot();
  });

  it('renders the list of bureaus still missing their report, for supervisors', () => {
    expect(
      missingReportsEmail({
        recipientName: '李督查',
        reportYear: 2024,
        deadline: '2025-03-01',
        bureaus: ['杭州市西湖区司法局', '杭州市上城区司法局'],
        settingsUrl: muteUrl,
      }),
    ).toMatchSnapshot();
  });

  it('escapes HTML in titles so a report cannot inject markup into e-mails', () => {
    const email = beforeDueEmail({
      recipientName: '<b>张三</b>',
      task: { ...task, title: '<script>alert(1)</script>' },
      muteUrl,
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.html).toContain('&lt;b&gt;张三&lt;/b&gt;');
  });
});
