export {
  sweepReminders,
  planReminders,
  planSweep,
  type SweepPlan,
  loadCalendar,
  DEFAULT_SWEEP,
  type SweepSettings,
  type SweepResult,
} from './sweep/reminder-sweep';
export { ReminderMailer, type MailerOptions, type DeliveryOutcome } from './delivery/reminder-mailer';
export { MUTE_TOKEN_TTL_DAYS, signMuteToken, verifyMuteToken, type MuteTokenCheck } from './delivery/mute-token';
export { isPermanentSmtpError } from './delivery/smtp-errors';
export {
  CHANNEL_SEAL,
  ChannelPostError,
  ChannelSender,
  postChat,
  type ChannelOutcome,
  type ChannelSenderOptions,
  type RateGate,
} from './delivery/channel-sender';
