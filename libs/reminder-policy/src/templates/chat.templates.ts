import type { TaskLine } from './email.templates';

/** A reminder as a chat post (DingTalk, WeCom, Feishu, webhook), before a platform shapes it. */
export interface ChatContent {
  title: string;
  lines: string[];
  link: { text: string; url: string } | null;
  tone: 'urgent' | 'warning' | 'info';
  data: Record<string, unknown>;
}

export type ChatReminderKind = 'before' | 'overdue' | 'escalation';

function when(t: TaskLine): string {
  if (t.daysLeft > 0) return `还剩${t.daysLeft}天`;
  if (t.daysLeft === 0) return '今天到期';
  return `已逾期${-t.daysLeft}天`;
}

const HEADINGS: Readonly<Record<ChatReminderKind, string>> = {
  before: '临期提醒',
  overdue: '逾期催办',
  escalation: '逾期督办',
};

/** One task's reminder: what, who leads it, when, how many days left, and the link. */
export function chatReminder(kind: ChatReminderKind, task: TaskLine & { id: number }): ChatContent {
  return {
    title: `【落实】${HEADINGS[kind]}：${task.title}`,
    lines: [
      `事项：${task.title}`,
      `牵头单位：${task.bureau || '未填写'}`,
      `完成时限：${task.dueDate}（${when(task)}）`,
      ...(task.targets.length ? [`量化指标：${task.targets.join('；')}`] : []),
      ...(kind === 'escalation' ? ['该事项已逾期，请督促牵头单位报送进展或申请延期。'] : []),
    ],
    link: { text: '查看任务', url: task.url },
    tone: kind === 'before' && task.daysLeft > 3 ? 'warning' : 'urgent',
    data: {
      kind,
      task: {
        id: task.id,
        title: task.title,
        bureau: task.bureau,
        dueDate: task.dueDate,
        daysLeft: task.daysLeft,
        url: task.url,
      },
    },
  };
}

/** The day's list for a channel that takes one post a day. */
export function chatDigest(date: string, tasks: Array<TaskLine & { id: number }>, listUrl: string): ChatContent {
  const overdue = tasks.filter((t) => t.daysLeft < 0).length;
  return {
    title: `【落实】${date} 待办提醒：${tasks.length}项${overdue ? `（逾期${overdue}项）` : ''}`,
    lines: tasks.map((t, i) => `${i + 1}. ${t.title}｜${t.bureau || '未填写'}｜${t.dueDate}（${when(t)}）`),
    link: { text: '打开任务列表', url: listUrl },
    tone: overdue ? 'urgent' : 'info',
    data: {
      kind: 'digest',
      date,
      tasks: tasks.map((t) => ({ id: t.id, title: t.title, dueDate: t.dueDate, daysLeft: t.daysLeft, url: t.url })),
    },
  };
}

/** The post sent when someone presses 发送测试消息 on a channel. */
export function chatTest(channelName: string, publicUrl: string): ChatContent {
  return {
    title: '【落实】测试消息',
    lines: [
      `这是落实（luoshi）发往“${channelName}”的测试消息。收到即表示配置正确，此后的临期提醒和逾期催办将发到这里。`,
    ],
    link: { text: '打开落实', url: publicUrl },
    tone: 'info',
    data: { kind: 'test' },
  };
}
