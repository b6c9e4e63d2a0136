import { ApiToken } from './api-token.entity';
import { AuditEvent } from './audit-event.entity';
import { Comment } from './comment.entity';
import { DeadlineExtension } from './deadline-extension.entity';
import { LinkOutcome } from './link-outcome.entity';
import { Notification } from './notification.entity';
import { Reminder, ReminderMute } from './reminder.entity';
import { Bureau } from './bureau.entity';
import { PlanItem } from './plan-item.entity';
import { ProgressUpdate } from './progress-update.entity';
import { Report } from './report.entity';
import { User } from './user.entity';
import { CalendarDay } from './calendar-day.entity';
import { ChannelDelivery, ChatChannel } from './chat-channel.entity';
import { TaskParticipant } from './task-participant.entity';
import { Attachment } from './attachment.entity';

export const ENTITIES = [
  Bureau,
  User,
  Report,
  PlanItem,
  ProgressUpdate,
  AuditEvent,
  ApiToken,
  Comment,
  DeadlineExtension,
  LinkOutcome,
  Reminder,
  ReminderMute,
  Notification,
  CalendarDay,
  ChatChannel,
  ChannelDelivery,
  TaskParticipant,
  Attachment,
];
