export * from './entities/bureau.entity';
export * from './entities/user.entity';
export * from './entities/report.entity';
export * from './entities/plan-item.entity';
export * from './entities/progress-update.entity';
export * from './entities/audit-event.entity';
export * from './entities/api-token.entity';
export * from './entities/comment.entity';
export * from './entities/deadline-extension.entity';
export * from './entities/link-outcome.entity';
export * from './entities/reminder.entity';
export * from './entities/notification.entity';
export * from './entities/calendar-day.entity';
export * from './entities/chat-channel.entity';
export * from './entities/task-participant.entity';
export * from './entities/attachment.entity';
export { ENTITIES } from './entities';
export { searchTextOf, taskSearchText } from './search-text.util';
export { MIGRATIONS } from './migrations';
export { buildDataSourceOptions, SQLITE_BUSY_TIMEOUT_MS, SQLITE_STATEMENT_CACHE_SIZE } from './data-source.options';
export { withTransactionTurns } from './sqlite-transaction-turns';
export { createDataSource, runMigrations, hasPendingMigrations, type MigrationRun } from './data-source.factory';
export { DbModule } from './db.module';
export {
  UserRepository,
  type NewUser,
  type ReminderPreferences,
  type ReminderRecipient,
  type QuietHoursRow,
  type UserIdentity,
} from './repositories/user.repository';
export { UnitOfWork, TransactionRepositories } from './repositories/unit-of-work';
export { BureauRepository, type BureauUsage, type NewBureau } from './repositories/bureau.repository';
export type { DbHandle } from './repositories/db-handle.types';
export { ReportRepository, type NewReport, type NewPlanItem, type ReportKey } from './repositories/report.repository';
export {
  TaskRepository,
  type StandaloneTask,
  type TaskFilter,
  type TaskListRow,
  type Page,
} from './repositories/task.repository';
export { ActivityRepository, type AuditEntry } from './repositories/activity.repository';
export { ApiTokenRepository } from './repositories/api-token.repository';
export { AttachmentRepository, type AttachmentView, type NewAttachment } from './repositories/attachment.repository';
export {
  ParticipantRepository,
  participantAuditEntries,
  type ParticipantChange,
  type ParticipantView,
  type UnitsOfTask,
} from './repositories/participant.repository';
export {
  NotificationRepository,
  type NewNotification,
  type NotificationPage,
} from './repositories/notification.repository';
export { CalendarRepository, type CalendarDayInput } from './repositories/calendar.repository';
export {
  ChannelRepository,
  type ChannelDeliveryRow,
  type NewChannelDelivery,
  type NewChatChannel,
  type PlanningChannel,
  type TaskChannelDelivery,
} from './repositories/channel.repository';
export { LinkOutcomeRepository, type ComputedOutcome } from './repositories/link-outcome.repository';
export {
  ReminderRepository,
  type DeliveryRow,
  type NewReminder,
  type OpenTaskRow,
  type TaskSummary,
} from './repositories/reminder.repository';
export {
  TaskListThread,
  TaskListThreadPool,
  ListThreadError,
  type ListThreadData,
  type ThreadPage,
} from './list-thread';
export { threadScript, typescriptLoader } from './threads/thread-script.util';
export {
  WalCheckpointThread,
  FALLBACK_AUTOCHECKPOINT_PAGES,
  type CheckpointThreadData,
} from './checkpoint/wal-checkpoint.thread';
export * from './bureau-tree';
