import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { TaskTracking1763800000000 } from './1763800000000-task-tracking';
import { ProgressLinks1763900000000 } from './1763900000000-progress-links';
import { Reminders1764000000000 } from './1764000000000-reminders';
import { TaskListIndex1764100000000 } from './1764100000000-task-list-index';
import { ReminderUserIndex1764200000000 } from './1764200000000-reminder-user-index';
import { UserSessions1764300000000 } from './1764300000000-user-sessions';
import { CalendarDays1764400000000 } from './1764400000000-calendar-days';
import { Notifications1764500000000 } from './1764500000000-notifications';
import { ChatChannels1764600000000 } from './1764600000000-chat-channels';
import { SearchText1764700000000 } from './1764700000000-search-text';
import { TaskParticipants1765100000000 } from './1765100000000-task-participants';
import { Administration1765200000000 } from './1765200000000-administration';
import { ManualTasks1765300000000 } from './1765300000000-manual-tasks';
import { Attachments1765400000000 } from './1765400000000-attachments';
import { BureauTreeVersion1765500000000 } from './1765500000000-bureau-tree-version';
import { PlanItemUnitsIndex1766900000000 } from './1766900000000-plan-item-units-index';

/** Every migration, oldest first. Listed as classes (not globs) so ts-jest, the CLI and the apps load the same set. */
export const MIGRATIONS = [
  InitialSchema1763700000000,
  TaskTracking1763800000000,
  ProgressLinks1763900000000,
  Reminders1764000000000,
  TaskListIndex1764100000000,
  ReminderUserIndex1764200000000,
  UserSessions1764300000000,
  CalendarDays1764400000000,
  Notifications1764500000000,
  ChatChannels1764600000000,
  SearchText1764700000000,
  TaskParticipants1765100000000,
  Administration1765200000000,
  ManualTasks1765300000000,
  Attachments1765400000000,
  BureauTreeVersion1765500000000,
  PlanItemUnitsIndex1766900000000,
];
