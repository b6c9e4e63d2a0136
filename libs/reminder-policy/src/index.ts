/**
 * The reminder policy, pure: which reminders a task owes on a day (offsets, overdue, escalation,
 * recurrence, the weekly burden cap), the PRC working-day calendar, and the e-mails' text. No
 * database, queue or SMTP — those are libs/reminders'.
 */
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
  setCalendarEntries,
  calendarSource,
  missingCalendarYears,
  type CalendarEntry,
  type CalendarSource,
  workingDayOnOrBefore,
  workingDayOnOrAfter,
  shanghaiClock,
} from './policy/calendar.util';
export {
  chatReminder,
  chatDigest,
  chatTest,
  type ChatContent,
  type ChatReminderKind,
} from './templates/chat.templates';
export { inQuietHours, isClockTime, type QuietHours } from './policy/quiet-hours';
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
