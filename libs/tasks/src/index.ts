export {
  TASK_STATUSES,
  TRANSITIONS,
  OPEN_STATUSES,
  isOpen,
  STATUS_LABELS_ZH,
  allowedTargets,
  checkTransition,
  type TaskStatus,
  type WorkflowRole,
  type TransitionRule,
  type TransitionCheck,
} from './task-workflow';
export {
  trafficLight,
  isOverdue,
  shanghaiToday,
  daysBetween,
  DUE_SOON_DAYS,
  STALE_DAYS,
  type TrafficLight,
  type TaskTiming,
} from './traffic-light';
export {
  toTaskPage,
  toTaskSummary,
  type TaskPageAsked,
  type TaskSummary,
  type TaskSummarySource,
} from './task-summary';
export { decodeTaskCursor, encodeTaskCursor, TASK_CURSOR_MAX_LENGTH, type TaskCursor } from './task-cursor';
export {
  NOTIFICATION_KINDS,
  QUOTED_NOTE_MAX,
  QUOTED_TITLE_MAX,
  chineseDate,
  isTaskReminderKind,
  reminderNotification,
  taskEventNotification,
  taskLink,
  type NotificationKind,
  type NotificationText,
  type ReminderNotice,
  type TaskEvent,
  type TaskReminderKind,
} from './notification-text';
export {
  indexDirectory,
  mentionsOf,
  namesLookedUp,
  placeStarts,
  regionParts,
  resolveUnits,
  type DirectoryBureau,
  type ResolvedUnit,
  type UnitMatch,
  type UnitMiss,
  type UnitMention,
} from './unit-resolver';
export { TASK_SOURCE_KINDS, MANUAL_SOURCE_KINDS, SOURCE_KIND_LABELS_ZH, type TaskSourceKind } from './task-source';
export {
  LEDGER_FIELDS,
  LEDGER_HEADERS,
  LedgerError,
  LedgerErrorCode,
  ledgerDate,
  parseLedger,
  splitUnits,
  type LeadVerdict,
  type LedgerCell,
  type LedgerField,
  type LedgerOptions,
  type LedgerProblem,
  type LedgerProblemCode,
  type LedgerRow,
  type OpaqueCell,
} from './ledger/ledger';
export { sniffXlsx, type XlsxLimits } from './ledger/xlsx-sniff';
