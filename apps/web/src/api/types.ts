/**
 * The API shapes the dashboard reads, named for the pages. Every one is generated from the API's own
 * OpenAPI document (openapi.gen.ts, by `npm run api:types`), which the contract test checks against
 * real responses: change a DTO, regenerate, and the pages that read it stop compiling if they must.
 */
import type { components } from './openapi.gen';

type Schemas = components['schemas'];

export type Me = Schemas['ActorDto'];
export type CalendarYear = Schemas['CalendarYearDto'];
export type CalendarDay = Schemas['CalendarDayDto'];
export type Role = Me['role'];
export type Bureau = Schemas['BureauDto'];
export type User = Schemas['UserDto'];
export type Target = Schemas['TargetDto'];
export type TaskSummary = Schemas['TaskSummaryDto'];
export type TaskStatus = TaskSummary['status'];
export type TrafficLight = TaskSummary['trafficLight'];
export type TaskPage = Schemas['TaskPageDto'];
export type Passage = Schemas['EvidencePassageDto'];
export type TargetOutcome = Schemas['TargetOutcomeDto'];
export type Evidence = Schemas['TaskEvidenceDto'];
export type Verdict = Evidence['verdict'];
export type ProgressUpdate = Schemas['ProgressUpdateDto'];
export type Comment = Schemas['CommentDto'];
export type Reminder = Schemas['ReminderDto'];
export type TaskDetail = Schemas['TaskDetailDto'];
export type PreviewItem = Schemas['PreviewItemDto'];
export type Preview = Schemas['ParsePreviewDto'];
export type BureauMismatch = Schemas['BureauMismatchDto'];
export type ReportSummary = Schemas['ReportSummaryDto'];
export type IngestResult = Schemas['IngestResponseDto'];
export type FollowThroughRow = Schemas['FollowThroughRowDto'];
export type FollowThrough = Schemas['FollowThroughDto'];
export type CommitmentAudit = Schemas['CommitmentAuditDto'];
export type CalendarSubscription = Schemas['CalendarSubscriptionDto'];
export type Notification = Schemas['NotificationDto'];
export type NotificationKind = Notification['kind'];
export type NotificationPage = Schemas['NotificationPageDto'];
export type UnreadCount = Schemas['UnreadCountDto'];
export type Channel = Schemas['ChannelDto'];
export type ChannelPlatform = Schemas['CreateChannelDto']['platform'];
export type ChannelMode = NonNullable<Schemas['CreateChannelDto']['mode']>;
export type Preferences = Schemas['PreferencesDto'];
export type Extension = Schemas['ExtensionDto'];
export type AuditEvent = Schemas['AuditEventDto'];
export type PasswordResetResult = Schemas['PasswordResetResultDto'];
export type LoginResponse = Schemas['LoginResponseDto'];
export type BureauUsage = Schemas['BureauUsageDto'];
export type BureauMergeResult = Schemas['BureauMergeResultDto'];
export type AdminApiToken = Schemas['AdminApiTokenDto'];

/** The workflow's statuses in the order the filters list them (the API's TaskStatus enum). */
export const TASK_STATUSES: TaskStatus[] = [
  'planned',
  'in_progress',
  'blocked',
  'submitted',
  'returned',
  'closed',
  'dropped',
];
export type Attachment = Schemas['AttachmentDto'];
export type Lineage = Schemas['LineageDto'];
export type LineageChain = Schemas['LineageChainDto'];
export type ProblemCoverage = Schemas['ProblemCoverageDto'];
export type ReportDetail = Schemas['ReportDetailDto'];
export type ReportPage = Schemas['ReportPageDto'];
export type MuteState = Schemas['MuteStateDto'];
