export {
  remindersDue,
  occurrences,
  isSendingWindow,
  applyBurdenCap,
  annualReportReminderDue,
  daysBetween,
  DEFAULT_POLICY,
  type PolicySettings,
  type TaskForPolicy,
  type ReminderIntent,
  type ReminderKind,
} from './policy/reminder-policy';
export {
  addDays,
  isWorkingDay,
  workingDayOnOrBefore,
  workingDayOnOrAfter,
  shanghaiClock,
} from './policy/calendar.util';
export {
  beforeDueEmail,
  overdueEmail,
  escalationEmail,
  digestEmail,
  annualReportDueEmail,
  missingReportsEmail,
  type EmailContent,
  type TaskLine,
  type ReminderEmailInput,
} from './templates/email.templates';
export {
  sweepReminders,
  planReminders,
  DEFAULT_SWEEP,
  type SweepSettings,
  type SweepResult,
} from './sweep/reminder-sweep';
export { ReminderMailer, type MailerOptions, type DeliveryOutcome } from './delivery/reminder-mailer';
export { MUTE_TOKEN_TTL_DAYS, signMuteToken, verifyMuteToken, type MuteTokenCheck } from './delivery/mute-token';
export { isPermanentSmtpError } from './delivery/smtp-errors';
