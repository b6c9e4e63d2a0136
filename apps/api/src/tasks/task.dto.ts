import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PageOf, PageQueryDto } from '../common/paging';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MAX_ID } from '../common/parse-id.pipe';
import { IsOmittable, toBoolean } from '../common/validation.decorators';
import { ActionLinkDto, EvidencePassageDto, TargetOutcomeDto } from '../common/link-evidence.dto';
import { ReminderDto } from '../reminders/reminders.dto';
import { ChannelDeliveryDto } from '../channels/channels.dto';
import { MANUAL_SOURCE_KINDS, TASK_SOURCE_KINDS, TASK_STATUSES, type TaskStatus } from '@luoshi/tasks';
import { VERDICTS } from '@luoshi/text';
import { LINK_DECISIONS, PARTICIPANT_ROLES } from '@luoshi/db';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/** Filters shared by the task list and the exports. */
export class TaskFilterQueryDto {
  @ApiPropertyOptional({ description: 'Bureau id; its sub-bureaus are included' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  bureauId?: number;

  @ApiPropertyOptional({ example: 2025 })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2100)
  planYear?: number;

  @ApiPropertyOptional({ description: 'One status or several, comma-separated', enum: TASK_STATUSES, isArray: true })
  @IsOmittable()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(7)
  @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatus[];

  @ApiPropertyOptional({ description: 'Owner (牵头单位) contains this text' })
  @IsOmittable()
  @IsString()
  @MaxLength(100)
  owner?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  assigneeId?: number;

  @ApiPropertyOptional({ example: '2025-06-30' })
  @IsOmittable()
  @IsISO8601({ strict: true }, { message: 'dueBefore must be a real date, YYYY-MM-DD' })
  @Matches(DATE, { message: 'dueBefore must be YYYY-MM-DD' })
  dueBefore?: string;

  @ApiPropertyOptional({ example: '2025-01-01' })
  @IsOmittable()
  @IsISO8601({ strict: true }, { message: 'dueAfter must be a real date, YYYY-MM-DD' })
  @Matches(DATE, { message: 'dueAfter must be YYYY-MM-DD' })
  dueAfter?: string;

  @ApiPropertyOptional({ description: 'Only open tasks past their due date (Asia/Shanghai)' })
  @IsOmittable()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Text search in title and body' })
  @IsOmittable()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  reportId?: number;

  @ApiPropertyOptional({ description: 'Only top-level plan items' })
  @IsOmittable()
  @Transform(toBoolean)
  @IsBoolean()
  rootsOnly?: boolean;
}

/** The task list's filters and paging (common/paging.ts), by page number or by keyset cursor. */
export class TaskListQueryDto extends IntersectionType(TaskFilterQueryDto, PageQueryDto) {
  @ApiPropertyOptional({
    description:
      'Keyset paging for clients walking long lists: the `next` of the previous answer; the page then holds the ' +
      'pageSize tasks after that one in the list order, so tasks added or changed meanwhile neither repeat nor ' +
      'shift the rest. Not together with `page`. A cursor this API did not write is refused (400 BAD_CURSOR).',
    example: 'WyIyMDI1LTA2LTMwIiwxN10',
  })
  @IsOmittable()
  @IsString()
  after?: string;
}

export class TargetDto {
  @ApiProperty() text: string;
  @ApiProperty() metric: string;
  @ApiProperty({ enum: ['<=', '>=', '<', '>', '='] }) op: string;
  @ApiProperty() value: number;
  @ApiProperty({ nullable: true, type: String }) unit: string | null;
}

export class TaskSummaryDto {
  @ApiProperty() id: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The report it was parsed from; null for a task made by hand',
  })
  reportId: number | null;
  @ApiProperty() bureauId: number;
  @ApiProperty({ nullable: true, type: Number }) parentId: number | null;
  @ApiProperty({ nullable: true, type: Number }) planYear: number | null;
  @ApiProperty({ example: '2.1' }) path: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) owner: string | null;
  @ApiProperty({ type: [String] }) coOwners: string[];
  @ApiProperty({ nullable: true, type: Number }) assigneeId: number | null;
  @ApiProperty({ enum: TASK_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String, example: '2025-06-30' }) dueDate: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Due date before any approved extension' })
  originalDueDate: string | null;
  @ApiProperty({ description: 'Open and past due (Asia/Shanghai)' }) overdue: boolean;
  @ApiProperty({
    nullable: true,
    enum: ['green', 'yellow', 'red'],
    description: 'red overdue; yellow due within 7 days or no update for 30 days; null when closed/dropped',
  })
  trafficLight: string | null;
  @ApiProperty({ type: [TargetDto] }) targets: TargetDto[];
  @ApiProperty({ nullable: true, type: String }) recurrence: string | null;
  @ApiProperty({
    enum: TASK_SOURCE_KINDS,
    description: 'Where it came from: report (年报解析), manual (交办事项), instruction (领导批示), import (台账导入)',
  })
  sourceKind: string;
  @ApiProperty({ description: 'Send it back with every change (optimistic locking)' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

/**
 * A page of the task list. By cursor (`after`), `page` is 0 and `total` still counts every task
 * matching the filter (not only those after the cursor), read in the same snapshot as the page.
 */
export class TaskPageDto extends PageOf(TaskSummaryDto) {
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Cursor for the next page (pass as `after`), or null at the end of the list. A full page asked by cursor ' +
      'always carries one, so a walk may end with one empty page. In a page by `after`, `page` is 0 and `total` ' +
      'counts every task matching the filter, not only those after the cursor.',
  })
  next: string | null;
}

export class ActionDto {
  @ApiProperty() text: string;
  @ApiProperty() start: number;
  @ApiProperty() end: number;
  @ApiProperty({ type: [String] }) deadlines: string[];
  @ApiProperty({ type: [TargetDto] }) targets: TargetDto[];
}

export class ParticipantDto {
  @ApiProperty() bureauId: number;
  @ApiProperty({ example: '杭州市西湖区财政局' }) bureauName: string;
  @ApiProperty({ example: '区财政局', description: 'The unit as the task names it' }) unit: string;
  @ApiProperty({ enum: PARTICIPANT_ROLES, description: "'lead': the named 牵头单位; 'co': a 配合单位" }) role: string;
}

export class ProgressUpdateDto {
  @ApiProperty() id: number;
  @ApiProperty({ nullable: true, type: Number }) authorId: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'The bureau the author reported for: the owning bureau or a participating one (配合单位)',
  })
  bureauId: number | null;
  @ApiProperty({ nullable: true, type: Number }) percent: number | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String }) evidenceUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) attachmentName: string | null;
  @ApiProperty({ nullable: true, type: String }) statusFrom: string | null;
  @ApiProperty({ nullable: true, type: String }) statusTo: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class CommentDto {
  @ApiProperty() id: number;
  @ApiProperty({ nullable: true, type: Number }) authorId: number | null;
  @ApiProperty() body: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class ExtensionDto {
  @ApiProperty() id: number;
  @ApiProperty() planItemId: number;
  @ApiProperty({ description: 'Title of the task it is about' }) taskTitle: string;
  @ApiProperty({ nullable: true, type: Number }) requestedById: number | null;
  @ApiProperty({ nullable: true, type: String }) oldDueDate: string | null;
  @ApiProperty() newDueDate: string;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status: string;
  @ApiProperty({ nullable: true, type: Number }) decidedById: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) decisionNote: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class AuditEventDto {
  @ApiProperty() id: number;
  @ApiProperty({ nullable: true, type: Number }) actorId: number | null;
  @ApiProperty({ example: 'update' }) action: string;
  @ApiProperty({ nullable: true, type: String, example: 'status' }) field: string | null;
  @ApiProperty({ nullable: true, type: String }) before: string | null;
  @ApiProperty({ nullable: true, type: String }) after: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class VerifiabilityDto {
  @ApiProperty({ description: '0 (a vague pledge) to 100 (deadline, quantitative target and a named deliverable)' })
  score: number;
  @ApiProperty({ type: [String] }) reasons: string[];
}

export class SourceSpanDto {
  @ApiProperty() reportId: number;
  @ApiProperty({ description: 'Offset of the item in its report text' }) start: number;
  @ApiProperty() end: number;
}

export class TaskEvidenceDto {
  @ApiProperty() outcomeId: number;
  @ApiProperty() followupReportId: number;
  @ApiProperty({ enum: VERDICTS }) verdict: string;
  @ApiProperty() score: number;
  @ApiProperty() acknowledgedShortfall: boolean;
  @ApiProperty() carriedOver: boolean;
  @ApiProperty({ type: [EvidencePassageDto] }) passages: EvidencePassageDto[];
  @ApiProperty({ type: [ActionLinkDto] }) actions: ActionLinkDto[];
  @ApiProperty({ type: [TargetOutcomeDto] }) targets: TargetOutcomeDto[];
  @ApiProperty({ nullable: true, enum: LINK_DECISIONS, description: "A person's decision on the link" })
  decision: string | null;
}

export class TaskDetailDto extends TaskSummaryDto {
  @ApiProperty() body: string;
  @ApiProperty({ type: [String] }) deadlines: string[];
  @ApiProperty({ type: [ActionDto] }) actions: ActionDto[];
  @ApiProperty({ nullable: true, type: VerifiabilityDto }) verifiability: VerifiabilityDto | null;
  @ApiProperty({
    nullable: true,
    type: SourceSpanDto,
    description: 'Where it is printed in its report; null without one',
  })
  source: SourceSpanDto | null;
  @ApiProperty({ type: [TaskSummaryDto] }) children: TaskSummaryDto[];
  @ApiProperty({ type: [ProgressUpdateDto] }) progressUpdates: ProgressUpdateDto[];
  @ApiProperty({ type: [CommentDto] }) comments: CommentDto[];
  @ApiProperty({ type: [ExtensionDto] }) extensions: ExtensionDto[];
  @ApiProperty({ type: [ReminderDto], description: 'Reminders planned, sent or failed for this task' })
  reminders: ReminderDto[];
  @ApiProperty({
    type: [ChannelDeliveryDto],
    description: 'Posts to DingTalk, WeCom, Feishu or webhooks about this task: pending, sent or failed (with why)',
  })
  channelDeliveries: ChannelDeliveryDto[];
  @ApiProperty({
    type: [TaskEvidenceDto],
    description:
      "What the following year's report says about this commitment: verdict, passages with highlighted terms, targets, shortfall, carry-over, and any person's decision",
  })
  evidence: TaskEvidenceDto[];
  @ApiProperty({ type: [String], enum: TASK_STATUSES, description: 'Statuses you may move this task to' })
  allowedTransitions: string[];
  @ApiProperty({ description: 'You may record progress, assign and request extensions' }) canEdit: boolean;
  @ApiProperty({
    type: [ParticipantDto],
    description:
      'Bureaus named as the lead unit (牵头单位) or co-units (配合单位) that take part: they see the task and report progress',
  })
  participants: ParticipantDto[];
  @ApiProperty({
    description: 'You may report progress: the owning bureau, or a participating one (without changing the status)',
  })
  canReport: boolean;
}

export class VersionedDto {
  @ApiProperty({ description: 'The version you last read; a stale one gets 409 STALE_VERSION' })
  @IsInt()
  @Min(1)
  version: number;
}

export class UpdateTaskDto extends VersionedDto {
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'A user of the owning bureau, or null to unassign',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  assigneeId?: number | null;

  // Corrections of what the parser read (the most common edit after an upload); each audited as
  // `correct`. A due-date correction is not an extension (延期 keeps its own request and approval).
  @ApiPropertyOptional({ maxLength: 500, description: 'Corrected title (标题)' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional({ maxLength: 20000, description: 'Corrected text of the item' })
  @IsOmittable()
  @IsString()
  @MaxLength(20000)
  body?: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: '2025-12-31',
    description: 'Corrected due date (a misread deadline), or null for none; not an extension',
  })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @Matches(DATE, { message: 'dueDate must be YYYY-MM-DD' })
  dueDate?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 100, description: 'Lead unit (牵头单位)' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsString()
  @MaxLength(100)
  owner?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 30, description: 'Co-owning units (配合单位)' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  coOwners?: string[];

  @ApiPropertyOptional({
    type: () => [TargetInputDto],
    maxItems: 20,
    description: 'Corrected quantitative targets (量化指标), replacing all of them; [] for none',
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  // ValidateNested alone accepts an array of arrays of targets; each must be one object.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => TargetInputDto)
  targets?: TargetInputDto[];
}

export class TransitionDto extends VersionedDto {
  @ApiProperty({ enum: TASK_STATUSES })
  @IsIn(TASK_STATUSES)
  to: TaskStatus;

  @ApiPropertyOptional({ description: 'Required for 退回, 不再推进, 受阻 and reopening' })
  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ description: 'Required to ask for closure (申请销号): what shows it is done' })
  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  evidence?: string;
}

export class ProgressDto extends VersionedDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(100)
  percent?: number;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiPropertyOptional({ example: 'https://example.gov.cn/notice/123' })
  @IsOmittable()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2000)
  evidenceUrl?: string;

  @ApiPropertyOptional({ example: '会议纪要.pdf' })
  @IsOmittable()
  @IsString()
  @MaxLength(255)
  @Matches(/^[^/\\\u0000]+$/, { message: 'attachmentName must be a file name, not a path' })
  attachmentName?: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES, description: 'Also move the task to this status' })
  @IsOmittable()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ description: 'Reason, when the status change needs one' })
  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class NewCommentDto {
  @ApiProperty({ example: '请于月底前补充佐证材料' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  body: string;
}

export class ExtensionRequestDto extends VersionedDto {
  @ApiProperty({ example: '2025-09-30' })
  @IsISO8601({ strict: true })
  @Matches(DATE, { message: 'newDueDate must be YYYY-MM-DD' })
  newDueDate: string;

  @ApiProperty({ example: '配套资金下半年到位' })
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  reason: string;
}

export class ExtensionDecisionDto {
  @ApiProperty({ description: 'true approves (the due date moves), false rejects' })
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ExtensionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected'] })
  @IsOmittable()
  @IsIn(['pending', 'approved', 'rejected'])
  status?: 'pending' | 'approved' | 'rejected';
}

export class ExtensionPageDto extends PageOf(ExtensionDto) {}

export class AuditEventPageDto extends PageOf(AuditEventDto) {}

const RECURRENCES = ['weekly', 'monthly', 'quarterly', 'semiannual', 'yearly'] as const;

export class TargetInputDto {
  @ApiProperty({ maxLength: 200, example: '办理案件不少于500件' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  text: string;

  @ApiProperty({ maxLength: 100, example: '办理案件' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  metric: string;

  @ApiProperty({ enum: ['<=', '>=', '<', '>', '='] })
  @IsIn(['<=', '>=', '<', '>', '='])
  op: '<=' | '>=' | '<' | '>' | '=';

  @ApiProperty({ example: 500 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1e12)
  @Max(1e12)
  value: number;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 20, example: '件' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsString()
  @MaxLength(20)
  unit?: string | null;
}

/** A task made by hand: 交办事项, 领导批示件, or an item a report missed. */
export class CreateTaskDto {
  @ApiProperty({
    description: 'The bureau that owns the task: your own (staff), one of your subtree (supervisors), any (admins)',
  })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  bureauId: number;

  @ApiProperty({ maxLength: 500, example: '落实区领导关于行政复议工作的批示' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title: string;

  @ApiPropertyOptional({ maxLength: 20000, description: 'What is to be done (defaults to the title)' })
  @IsOmittable()
  @IsString()
  @MaxLength(20000)
  body?: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-06-30', description: 'Due date (完成时限)' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsISO8601({ strict: true }, { message: 'dueDate must be a real date, YYYY-MM-DD' })
  @Matches(DATE, { message: 'dueDate must be YYYY-MM-DD' })
  dueDate?: string | null;

  @ApiPropertyOptional({ example: 2026, description: 'Plan year; defaults to the due date’s year, else this year' })
  @IsOmittable()
  @IsInt()
  @Min(1990)
  @Max(2100)
  planYear?: number;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 100, description: 'Lead unit (牵头单位)' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsString()
  @MaxLength(100)
  owner?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 30, description: 'Co-owning units (配合单位)' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  coOwners?: string[];

  @ApiPropertyOptional({ type: [TargetInputDto], maxItems: 20, description: 'Quantitative targets (量化指标)' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  // ValidateNested alone accepts an array of arrays of targets; each must be one object.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => TargetInputDto)
  targets?: TargetInputDto[];

  @ApiPropertyOptional({
    maxLength: 500,
    example: '办理案件不少于500件',
    description:
      'Targets in words, read like a report’s (不少于500件 → >= 500 件); what cannot be read stays in the body',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  targetText?: string;

  @ApiPropertyOptional({ enum: RECURRENCES, nullable: true, type: String, description: 'Recurrence (每月/每季度 …)' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsIn(RECURRENCES)
  recurrence?: (typeof RECURRENCES)[number] | null;

  @ApiPropertyOptional({
    enum: MANUAL_SOURCE_KINDS,
    default: 'manual',
    description: 'manual (交办事项, an item a report missed) or instruction (领导批示件)',
  })
  @IsOmittable()
  @IsIn(MANUAL_SOURCE_KINDS)
  sourceKind?: (typeof MANUAL_SOURCE_KINDS)[number];

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'A user of the owning bureau' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  assigneeId?: number | null;
}
