import type { Bureau, TaskListRow } from '@luoshi/db';
import {
  SOURCE_KIND_LABELS_ZH,
  STATUS_LABELS_ZH,
  isOverdue,
  shanghaiToday,
  trafficLight,
  type TaskStatus,
} from '@luoshi/tasks';

export const EXPORT_COLUMNS: ReadonlyArray<{ key: keyof TaskRow; header: string; width: number }> = [
  { key: 'id', header: '编号', width: 8 },
  { key: 'bureau', header: '单位', width: 24 },
  { key: 'planYear', header: '计划年度', width: 10 },
  { key: 'path', header: '序号', width: 8 },
  { key: 'title', header: '事项', width: 40 },
  { key: 'owner', header: '牵头单位', width: 20 },
  { key: 'coOwners', header: '配合单位', width: 20 },
  { key: 'status', header: '状态', width: 10 },
  { key: 'dueDate', header: '完成时限', width: 12 },
  { key: 'originalDueDate', header: '原定时限', width: 12 },
  { key: 'overdue', header: '是否逾期', width: 10 },
  { key: 'light', header: '信号灯', width: 8 },
  { key: 'targets', header: '量化指标', width: 30 },
  { key: 'assignee', header: '责任人', width: 12 },
  { key: 'statusReason', header: '状态说明', width: 30 },
  { key: 'latestProgressDate', header: '最新进展日期', width: 12 },
  { key: 'latestProgress', header: '最新进展', width: 40 },
  { key: 'sourceKind', header: '来源', width: 10 },
];

export interface TaskRow {
  id: number;
  bureau: string;
  planYear: number | string;
  path: string;
  title: string;
  owner: string;
  coOwners: string;
  status: string;
  dueDate: string;
  originalDueDate: string;
  overdue: string;
  light: string;
  targets: string;
  assignee: string;
  statusReason: string;
  latestProgressDate: string;
  latestProgress: string;
  sourceKind: string;
}

/** What the exports add to each task from its history: who does it, why it is in its status, the latest progress. */
export interface TaskRowExtras {
  /** Display names by user id. */
  users: Map<number, string>;
  /** The latest status change of each task: status and its note. */
  statusChanges: Map<number, { statusTo: string | null; note: string | null }>;
  /** The latest progress note of each task, with when it was written. */
  latestNotes: Map<number, { note: string | null; createdAt: Date }>;
}

const NO_EXTRAS: TaskRowExtras = { users: new Map(), statusChanges: new Map(), latestNotes: new Map() };

const LIGHTS = { green: '绿', yellow: '黄', red: '红' } as const;

/** One export row per task, in Chinese, the traffic light derived as of now. */
export function toTaskRows(
  tasks: TaskListRow[],
  bureaus: Map<number, Bureau>,
  now: Date = new Date(),
  extras: TaskRowExtras = NO_EXTRAS,
): TaskRow[] {
  const today = shanghaiToday(now);
  return tasks.map((t) => {
    const timing = { status: t.status, dueDate: t.dueDate, lastActivityAt: t.lastActivityAt ?? t.createdAt };
    const light = trafficLight(timing, now, today);
    const change = extras.statusChanges.get(t.id);
    const latest = extras.latestNotes.get(t.id);
    return {
      id: t.id,
      bureau: bureaus.get(t.bureauId)?.name ?? String(t.bureauId),
      planYear: t.planYear ?? '',
      path: t.path,
      title: t.title,
      owner: t.owner ?? '',
      coOwners: t.coOwners.join('、'),
      status: STATUS_LABELS_ZH[t.status as TaskStatus] ?? t.status,
      dueDate: t.dueDate ?? '',
      originalDueDate: t.originalDueDate ?? '',
      overdue: isOverdue(timing, today) ? '是' : '否',
      light: light ? LIGHTS[light] : '',
      targets: t.targets.map((x) => `${x.metric}${x.op}${x.value}${x.unit ?? ''}`).join('；'),
      assignee: t.assigneeId === null ? '' : (extras.users.get(t.assigneeId) ?? String(t.assigneeId)),
      // Why the task is where it is: the note of the change that put it there, while it is still there.
      statusReason: change && change.statusTo === t.status ? (change.note ?? '') : '',
      latestProgressDate: latest ? shanghaiToday(latest.createdAt) : '',
      latestProgress: latest?.note ?? '',
      sourceKind: SOURCE_KIND_LABELS_ZH[t.sourceKind] ?? t.sourceKind,
    };
  });
}

/** Cells that spreadsheet programs would run as formulas (=, +, -, @) are prefixed with '. */
export function safeCell(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
