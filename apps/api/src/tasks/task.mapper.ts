import type { AuditEvent, Comment, DeadlineExtension, ProgressUpdate } from '@luoshi/db';
import type { Target } from '@luoshi/text';
import type { AuditEventDto, CommentDto, ExtensionDto, ProgressUpdateDto, TargetInputDto } from './task.dto';

/** Whether two lists hold the same targets in the same order, whatever the order of their keys. */
export const sameTargets = (a: readonly Target[], b: readonly Target[]): boolean =>
  a.length === b.length &&
  a.every((t, i) => {
    const u = b[i];
    return t.text === u.text && t.metric === u.metric && t.op === u.op && t.value === u.value && t.unit === u.unit;
  });

/** A target typed by a user, in the shape the parser stores (words and unit trimmed, a blank unit is none). */
export const toTarget = (t: TargetInputDto): Target => ({
  text: t.text.trim(),
  metric: t.metric.trim(),
  op: t.op,
  value: t.value,
  unit: t.unit?.trim() || null,
});

export const toProgressDto = (p: ProgressUpdate): ProgressUpdateDto => ({
  id: p.id,
  authorId: p.authorId,
  bureauId: p.bureauId,
  percent: p.percent,
  note: p.note,
  evidenceUrl: p.evidenceUrl,
  attachmentName: p.attachmentName,
  statusFrom: p.statusFrom,
  statusTo: p.statusTo,
  createdAt: p.createdAt,
});

export const toCommentDto = (c: Comment): CommentDto => ({
  id: c.id,
  authorId: c.authorId,
  body: c.body,
  createdAt: c.createdAt,
});

export const toExtensionDto = (e: DeadlineExtension, taskTitle: string): ExtensionDto => ({
  id: e.id,
  planItemId: e.planItemId,
  taskTitle,
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
