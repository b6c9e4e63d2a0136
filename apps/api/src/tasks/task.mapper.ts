import type { AuditEvent, Comment, DeadlineExtension, ProgressUpdate, TaskListRow } from '@luoshi/db';
import { isOverdue, shanghaiToday, trafficLight } from '@luoshi/tasks';
import type { AuditEventDto, CommentDto, ExtensionDto, ProgressUpdateDto, TaskSummaryDto } from './task.dto';

/** A task as lists show it; pass `today` (Shanghai) when mapping many, it is the same for all. */
export function toTaskSummary(t: TaskListRow, now: Date = new Date(), today: string = shanghaiToday(now)): TaskSummaryDto {
  const timing = { status: t.status, dueDate: t.dueDate, lastActivityAt: t.lastActivityAt ?? t.createdAt };
  return {
    id: t.id,
    reportId: t.reportId,
    bureauId: t.bureauId,
    parentId: t.parentId,
    planYear: t.planYear,
    path: t.path,
    title: t.title,
    owner: t.owner,
    coOwners: t.coOwners,
    assigneeId: t.assigneeId,
    status: t.status,
    dueDate: t.dueDate,
    originalDueDate: t.originalDueDate,
    overdue: isOverdue(timing, today),
    trafficLight: trafficLight(timing, now, today),
    targets: t.targets,
    recurrence: t.recurrence,
    version: t.version,
    updatedAt: t.updatedAt,
  };
}

export const toProgressDto = (p: ProgressUpdate): ProgressUpdateDto => ({
  id: p.id,
  authorId: p.authorId,
  percent: p.percent,
  note: p.note,
  evidenceUrl: p.evidenceUrl,
  attachmentName: p.attachmentName,
  statusFrom: p.statusFrom,
  statusTo: p.statusTo,
  createdAt: p.createdAt,
});

export const toCommentDto = (c: Comment): CommentDto => ({ id: c.id, authorId: c.authorId, body: c.body, createdAt: c.createdAt });

export const toExtensionDto = (e: DeadlineExtension): ExtensionDto => ({
  id: e.id,
  planItemId: e.planItemId,
  requestedById: e.requestedById,
  oldDueDate: e.oldDueDate,
  newDueDate: e.newDueDate,
  reason: e.reason,
  status: e.status,
  decidedById: e.decidedById,
  decidedAt: e.decidedAt ?? null,
  decisionNote: e.decisionNote,
  createdAt: e.createdAt,
});

export const toAuditDto = (a: AuditEvent): AuditEventDto => ({
  id: a.id,
  actorId: a.actorId,
  action: a.action,
  field: a.field,
  before: a.before,
  after: a.after,
  createdAt: a.createdAt,
});
