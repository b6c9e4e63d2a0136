/** What an in-app notification (站内通知) is about. */
export const NOTIFICATION_KINDS = [
  'due_soon',
  'overdue',
  'escalation',
  'approval_waiting',
  'returned',
  'approved',
  'rejected',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A notification's kind and its Chinese words, before it is stored for anyone. */
export interface NotificationText {
  kind: NotificationKind;
  title: string;
  body: string;
}

/** Longest task title quoted in a notification; the link leads to the whole task. */
export const QUOTED_TITLE_MAX = 60;
/** Longest reason or note quoted in a notification body. */
export const QUOTED_NOTE_MAX = 200;

function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

const quote = (title: string): string => `「${clip(title, QUOTED_TITLE_MAX)}」`;

/** 2025-06-30 → 2025年6月30日 (a date as people write it). */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function withNote(text: string, label: string, note: string | null | undefined): string {
  const clipped = note ? clip(note, QUOTED_NOTE_MAX) : '';
  return clipped ? `${text}${label}：${clipped}` : text;
}

/** The reminder kinds the sweep records that are also shown in the app (digests and annual reports are not about one task). */
export type TaskReminderKind = 'before' | 'overdue' | 'escalation';

export function isTaskReminderKind(kind: string): kind is TaskReminderKind {
  return kind === 'before' || kind === 'overdue' || kind === 'escalation';
}

export interface ReminderNotice {
  kind: TaskReminderKind;
  /** The reminder's key: before-7, overdue, escalation-2 … */
  key: string;
  taskTitle: string;
  /** The due date the reminder is about (YYYY-MM-DD). */
  dueDate: string | null;
  bureau: string | null;
}

/** The notification of a reminder the sweep recorded: due soon, overdue, or escalated to a supervisor. */
export function reminderNotification(notice: ReminderNotice): NotificationText {
  const due = notice.dueDate ? chineseDate(notice.dueDate) : null;
  const task = quote(notice.taskTitle);
  if (notice.kind === 'before') {
    const days = /^before-(\d+)$/.exec(notice.key)?.[1];
    const when = due ? `将于${due}到期` : '即将到期';
    return {
      kind: 'due_soon',
      title: '任务即将到期',
      body: `${task}${when}${days ? `（还有${days}天）` : ''}，请及时推进。`,
    };
  }
  if (notice.kind === 'overdue') {
    return {
      kind: 'overdue',
      title: '任务已逾期',
      body: `${task}已超过完成时限${due ? `（${due}）` : ''}，请尽快推进或申请延期。`,
    };
  }
  return {
    kind: 'escalation',
    title: '逾期任务督办',
    body: `${notice.bureau ? `${notice.bureau}的` : ''}${task}已逾期${due ? `（完成时限${due}）` : ''}，请督促办理。`,
  };
}

/** A person's doing on a task, as a notification tells it to someone else. */
export type TaskEvent =
  | { type: 'closure_requested'; actor: string; taskTitle: string; evidence?: string | null }
  | { type: 'closure_returned'; actor: string; taskTitle: string; reason?: string | null }
  | { type: 'closure_approved'; actor: string; taskTitle: string }
  | {
      type: 'extension_requested';
      actor: string;
      taskTitle: string;
      oldDueDate: string | null;
      newDueDate: string;
      reason?: string | null;
    }
  | { type: 'extension_approved'; actor: string; taskTitle: string; newDueDate: string; note?: string | null }
  | { type: 'extension_rejected'; actor: string; taskTitle: string; note?: string | null };

/** The notification of a workflow event: an approval waiting (申请销号, 延期申请) or its outcome (退回, 销号, 批准, 不予批准). */
export function taskEventNotification(event: TaskEvent): NotificationText {
  const task = quote(event.taskTitle);
  switch (event.type) {
    case 'closure_requested':
      return {
        kind: 'approval_waiting',
        title: '待审核：申请销号',
        body: withNote(`${event.actor}就${task}申请销号，请审核。`, '佐证', event.evidence),
      };
    case 'closure_returned':
      return {
        kind: 'returned',
        title: '任务被退回',
        body: withNote(`${task}的销号申请被${event.actor}退回。`, '理由', event.reason),
      };
    case 'closure_approved':
      return { kind: 'approved', title: '任务已销号', body: `${task}已由${event.actor}审核销号。` };
    case 'extension_requested': {
      const from = event.oldDueDate ? `由${chineseDate(event.oldDueDate)}` : '';
      return {
        kind: 'approval_waiting',
        title: '待审核：延期申请',
        body: withNote(
          `${event.actor}申请将${task}的完成时限${from}延至${chineseDate(event.newDueDate)}，请审核。`,
          '理由',
          event.reason,
        ),
      };
    }
    case 'extension_approved':
      return {
        kind: 'approved',
        title: '延期申请已批准',
        body: withNote(
          `${event.actor}批准了${task}的延期申请，完成时限延至${chineseDate(event.newDueDate)}。`,
          '意见',
          event.note,
        ),
      };
    case 'extension_rejected':
      return {
        kind: 'rejected',
        title: '延期申请未获批准',
        body: withNote(`${event.actor}未批准${task}的延期申请，完成时限不变。`, '意见', event.note),
      };
  }
}

/** Where a notification about a task leads in the dashboard. */
export const taskLink = (taskId: number): string => `/tasks/${taskId}`;
