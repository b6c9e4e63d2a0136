/** Task statuses, following how 督查督办 works in bureaus. */
export const TASK_STATUSES = [
  'planned',
  'in_progress',
  'submitted',
  'returned',
  'closed',
  'blocked',
  'dropped',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type WorkflowRole = 'admin' | 'supervisor' | 'staff';

export interface TransitionRule {
  from: TaskStatus;
  to: TaskStatus;
  /** Who may take this step. */
  roles: readonly WorkflowRole[];
  /** A written reason is required (退回, 不再推进, reopening). */
  reason: boolean;
  /** Evidence is required (申请销号). */
  evidence: boolean;
  labelZh: string;
}

const ANYONE = ['admin', 'supervisor', 'staff'] as const;
const SUPERVISORS = ['admin', 'supervisor'] as const;

/**
 * The state machine: planned → in_progress → submitted (申请销号, with evidence) → closed (销号 by a
 * supervisor) or returned (退回, with a reason) → in_progress; blocked and back; dropped (不再推进)
 * only with a reason; reopening a closed or dropped task needs a supervisor and a reason.
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'planned', to: 'in_progress', roles: ANYONE, reason: false, evidence: false, labelZh: '开始推进' },
  { from: 'planned', to: 'blocked', roles: ANYONE, reason: true, evidence: false, labelZh: '标记受阻' },
  { from: 'planned', to: 'dropped', roles: ANYONE, reason: true, evidence: false, labelZh: '不再推进' },
  { from: 'in_progress', to: 'submitted', roles: ANYONE, reason: false, evidence: true, labelZh: '申请销号' },
  { from: 'in_progress', to: 'blocked', roles: ANYONE, reason: true, evidence: false, labelZh: '标记受阻' },
  { from: 'in_progress', to: 'dropped', roles: ANYONE, reason: true, evidence: false, labelZh: '不再推进' },
  { from: 'submitted', to: 'closed', roles: SUPERVISORS, reason: false, evidence: false, labelZh: '审核销号' },
  { from: 'submitted', to: 'returned', roles: SUPERVISORS, reason: true, evidence: false, labelZh: '退回' },
  { from: 'returned', to: 'in_progress', roles: ANYONE, reason: false, evidence: false, labelZh: '重新推进' },
  { from: 'returned', to: 'dropped', roles: ANYONE, reason: true, evidence: false, labelZh: '不再推进' },
  { from: 'blocked', to: 'in_progress', roles: ANYONE, reason: false, evidence: false, labelZh: '恢复推进' },
  { from: 'blocked', to: 'dropped', roles: ANYONE, reason: true, evidence: false, labelZh: '不再推进' },
  { from: 'closed', to: 'in_progress', roles: SUPERVISORS, reason: true, evidence: false, labelZh: '重新打开' },
  { from: 'dropped', to: 'in_progress', roles: SUPERVISORS, reason: true, evidence: false, labelZh: '重新打开' },
];

export const OPEN_STATUSES: readonly TaskStatus[] = ['planned', 'in_progress', 'submitted', 'returned', 'blocked'];

export function isOpen(status: TaskStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export type TransitionCheck =
  | { ok: true; rule: TransitionRule }
  | { ok: false; problem: 'invalid' | 'role' | 'reason' | 'evidence'; allowed: TaskStatus[] };

/** The statuses `role` may move a task to from `from`. */
export function allowedTargets(from: TaskStatus, role: WorkflowRole): TaskStatus[] {
  return TRANSITIONS.filter((t) => t.from === from && t.roles.includes(role)).map((t) => t.to);
}

/** Whether `role` may move a task from `from` to `to` with what it supplied. */
export function checkTransition(
  from: TaskStatus,
  to: TaskStatus,
  role: WorkflowRole,
  supplied: { reason?: string | null; evidence?: string | null },
): TransitionCheck {
  const allowed = allowedTargets(from, role);
  const rule = TRANSITIONS.find((t) => t.from === from && t.to === to);
  if (!rule) return { ok: false, problem: 'invalid', allowed };
  if (!rule.roles.includes(role)) return { ok: false, problem: 'role', allowed };
  if (rule.reason && !supplied.reason?.trim()) return { ok: false, problem: 'reason', allowed };
  if (rule.evidence && !supplied.evidence?.trim()) return { ok: false, problem: 'evidence', allowed };
  return { ok: true, rule };
}

/** How people name the statuses (UI, exports, e-mails). */
export const STATUS_LABELS_ZH: Readonly<Record<TaskStatus, string>> = {
  planned: '未启动',
  in_progress: '推进中',
  submitted: '申请销号',
  returned: '已退回',
  closed: '已销号',
  blocked: '受阻',
  dropped: '不再推进',
};
