/** Shapes of the API responses the dashboard reads (see /docs for the full contract). */

export type Role = 'admin' | 'supervisor' | 'staff';
export type TaskStatus = 'planned' | 'in_progress' | 'blocked' | 'submitted' | 'returned' | 'closed' | 'dropped';
export const TASK_STATUSES: TaskStatus[] = [
  'planned',
  'in_progress',
  'blocked',
  'submitted',
  'returned',
  'closed',
  'dropped',
];
export type TrafficLight = 'green' | 'yellow' | 'red' | null;
export type Verdict = 'evidenced' | 'partial' | 'not_found';

export interface Me {
  userId: number;
  email: string;
  displayName: string;
  role: Role;
  bureauId: number | null;
}
export interface Bureau {
  id: number;
  name: string;
  region: string | null;
  level: string;
  parentId: number | null;
  aliases: string[];
}
export interface User {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  bureauId: number | null;
}

export interface Target {
  text: string;
  metric: string;
  op: string;
  value: number;
  unit: string | null;
}

export interface TaskSummary {
  id: number;
  reportId: number;
  bureauId: number;
  parentId: number | null;
  planYear: number | null;
  path: string;
  title: string;
  owner: string | null;
  coOwners: string[];
  assigneeId: number | null;
  status: TaskStatus;
  dueDate: string | null;
  originalDueDate: string | null;
  overdue: boolean;
  trafficLight: TrafficLight;
  targets: Target[];
  recurrence: string | null;
  version: number;
  updatedAt: string;
}
export interface TaskPage {
  items: TaskSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Passage {
  heading: string | null;
  text: string;
  start: number;
  end: number;
  score: number;
  terms: string[];
}
export interface TargetOutcome {
  metric: string;
  op: string;
  value: number;
  unit: string | null;
  actual: number | null;
  met: boolean | null;
}
export interface Evidence {
  outcomeId: number;
  followupReportId: number;
  verdict: Verdict;
  score: number;
  acknowledgedShortfall: boolean;
  carriedOver: boolean;
  passages: Passage[];
  actions: Array<{ text: string; verdict: Verdict }>;
  targets: TargetOutcome[];
  decision: 'confirmed' | 'rejected' | null;
}
export interface ProgressUpdate {
  id: number;
  authorId: number | null;
  percent: number | null;
  note: string | null;
  evidenceUrl: string | null;
  attachmentName: string | null;
  statusFrom: string | null;
  statusTo: string | null;
  createdAt: string;
}
export interface Comment {
  id: number;
  authorId: number | null;
  body: string;
  createdAt: string;
}
export interface Reminder {
  id: number;
  userId: number;
  kind: string;
  key: string;
  sendOn: string;
  status: string;
  sentAt?: string | null;
  attempts?: number;
  error?: string | null;
  recipient?: string;
}
export interface TaskDetail extends TaskSummary {
  body: string;
  deadlines: string[];
  actions: Array<{ text: string; start: number; end: number; deadlines: string[]; targets: Target[] }>;
  verifiability: { score: number; reasons: string[] } | null;
  source: { reportId: number; start: number; end: number };
  children: TaskSummary[];
  progressUpdates: ProgressUpdate[];
  comments: Comment[];
  reminders: Reminder[];
  evidence: Evidence[];
  allowedTransitions: TaskStatus[];
  canEdit: boolean;
}

export interface PreviewItem {
  path: string;
  title: string;
  body: string;
  owner: string | null;
  coOwners: string[];
  deadlines: string[];
  dueDate: string | null;
  recurrence: string | null;
  targets: Target[];
  children: PreviewItem[];
}
export interface Preview {
  report: {
    title: string | null;
    bureau: string | null;
    region: string | null;
    reportYear: number | null;
    planYear: number | null;
    publishDate: string | null;
    encoding: string;
  };
  items: PreviewItem[];
  warnings: string[];
  matchedBureau: { id: number; name: string } | null;
}
export interface ReportSummary {
  id: number;
  bureauId: number;
  bureauName: string | null;
  reportYear: number | null;
  planYear: number | null;
  title: string | null;
  publishDate: string | null;
  revision: number;
}
export interface IngestResult {
  status: 'created' | 'duplicate';
  report: ReportSummary;
  itemCount: number;
  warnings: string[];
}

export interface FollowThroughRow {
  bureauId: number;
  bureauName: string;
  commitments: number;
  evidenced: number;
  partial: number;
  notFound: number;
  carriedOver: number;
  acknowledgedShortfalls: number;
  targetsMet: number;
  targetsMissed: number;
  rate: number;
  confirmed: number;
  rejected: number;
}
export interface FollowThrough {
  bureaus: FollowThroughRow[];
  total: FollowThroughRow;
}
export interface CommitmentAudit {
  outcomeId: number;
  taskId: number;
  bureauId: number;
  planYear: number | null;
  path: string;
  title: string;
  body: string;
  taskStatus: TaskStatus;
  verdict: Verdict;
  effectiveVerdict: Verdict;
  score: number;
  acknowledgedShortfall: boolean;
  carriedOver: boolean;
  evidence: Passage[];
  targets: TargetOutcome[];
  decision: 'confirmed' | 'rejected' | null;
  decisionNote: string | null;
}
export interface CalendarSubscription {
  url: string;
  mineUrl: string;
}
