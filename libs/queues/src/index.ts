export {
  LINKING_QUEUE,
  LINK_REPORTS_JOB,
  linkJobId,
  type LinkReportsPayload,
  REMINDERS_QUEUE,
  SWEEP_JOB,
  SWEEP_SCHEDULER_ID,
  SEND_EMAIL_JOB,
  emailJobId,
  lastSweepKey,
  type SendEmailPayload,
  JOB_HANDLERS_REQUIRED,
} from './queues.constants';
