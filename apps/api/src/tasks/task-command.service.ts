import { Injectable } from '@nestjs/common';
import {
  participantAuditEntries,
  UserRepository,
  taskSearchText,
  type AuditEntry,
  type PlanItem,
  UnitOfWork,
  type TransactionRepositories,
} from '@luoshi/db';
import { checkTransition, type TaskStatus } from '@luoshi/tasks';
import type { Actor } from '../auth/actor.types';
import { ApiError, forbidden, staleVersion } from '../common/api-error';
import { TaskNotifier } from '../notifications/task-notifier.service';
import { BureauScopeService } from '../scope/bureau-scope.service';
import type { CommentDto, NewCommentDto, ProgressDto, TaskDetailDto, TransitionDto, UpdateTaskDto } from './task.dto';
import { sameTargets, toCommentDto, toTarget } from './task.mapper';
import { TaskQueryService } from './task-query.service';

/** What each workflow problem answers: HTTP status, code and the message in both languages. */
const PROBLEMS = {
  invalid: {
    status: 409,
    code: 'INVALID_TRANSITION',
    en: 'This status change is not part of the workflow',
    zh: '不允许的状态变更',
  },
  role: {
    status: 403,
    code: 'FORBIDDEN',
    en: 'Your role may not make this status change',
    zh: '您的角色无权进行此状态变更',
  },
  reason: {
    status: 422,
    code: 'REASON_REQUIRED',
    en: 'This status change needs a written reason',
    zh: '此状态变更需要填写理由',
  },
  evidence: {
    status: 422,
    code: 'EVIDENCE_REQUIRED',
    en: 'Asking for closure (申请销号) needs evidence of completion',
    zh: '申请销号需要提供完成佐证',
  },
} as const;

/**
 * Changing tasks: assignment, status transitions, progress, comments. Each change is one
 * transaction that checks the version (optimistic lock) and writes its audit trail.
 */
@Injectable()
export class TaskCommandService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly query: TaskQueryService,
    private readonly scope: BureauScopeService,
    private readonly notifier: TaskNotifier,
  ) {}

  private assertCanEdit(actor: Actor, task: PlanItem): void {
    if (!this.scope.canEditBureauTasks(actor, task.bureauId)) {
      throw forbidden(
        'Only the owning bureau updates this task; supervisors comment and sign off',
        '仅责任单位可更新该任务，督查人员可评论和审核',
      );
    }
  }

  /** Applies a versioned patch with its audit entries inside the transaction `tx`, or throws 409. */
  private async write(
    tx: TransactionRepositories,
    actor: Actor,
    task: PlanItem,
    version: number,
    patch: Partial<PlanItem>,
    action: string | ((field: string) => string),
  ): Promise<void> {
    const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
    const changed = Object.entries(patch).filter(
      ([k, v]) =>
        k !== 'lastActivityAt' && k !== 'searchText' && !same((task as unknown as Record<string, unknown>)[k], v),
    );
    const ok = await tx.tasks.updateIfVersion(task.id, version, {
      ...patch,
      lastActivityAt: new Date(),
    });
    if (!ok) throw staleVersion((await tx.tasks.findById(task.id))?.version ?? null);
    const entries: AuditEntry[] = changed.map(([field, after]) => ({
      entityType: 'plan_item',
      entityId: task.id,
      actorId: actor.userId,
      action: typeof action === 'string' ? action : action(field),
      field,
      before: (task as unknown as Record<string, unknown>)[field],
      after,
    }));
    await tx.activity.record(entries);
  }

  async update(actor: Actor, id: number, dto: UpdateTaskDto): Promise<TaskDetailDto> {
    const task = await this.query.visibleTask(actor, id);
    this.assertCanEdit(actor, task);
    const patch: Partial<PlanItem> = {};
    if (dto.assigneeId !== undefined) {
      if (dto.assigneeId !== null) {
        const assignee = await this.users.findById(dto.assigneeId);
        if (!assignee || assignee.bureauId !== task.bureauId) {
          throw new ApiError(
            422,
            'ASSIGNEE_NOT_IN_BUREAU',
            'Assign the task to a user of its owning bureau',
            '只能指派给责任单位的人员',
          );
        }
      }
      patch.assigneeId = dto.assigneeId;
    }
    Object.assign(patch, this.corrections(task, dto));
    await this.uow.run(async (tx) => {
      await this.write(tx, actor, task, dto.version, patch, (field) => (field === 'assigneeId' ? 'update' : 'correct'));
      if ('owner' in patch || 'coOwners' in patch)
        await tx.activity.record(participantAuditEntries(await tx.participants.syncTasks([task.id]), actor.userId));
    });
    return this.query.detail(actor, id);
  }

  /**
   * Corrections of what the parser read: title, text, due date, lead and co-units, targets. The folded search
   * text follows them. A corrected due date is checked as a calendar date.
   */
  private corrections(task: PlanItem, dto: UpdateTaskDto): Partial<PlanItem> {
    const patch: Partial<PlanItem> = {};
    if (dto.title !== undefined) {
      const title = dto.title.trim();
      if (!title) throw new ApiError(400, 'VALIDATION', 'title must not be blank', '标题不能为空');
      patch.title = title;
    }
    if (dto.body !== undefined) patch.body = dto.body;
    if (dto.dueDate !== undefined) {
      const day = dto.dueDate === null ? null : new Date(`${dto.dueDate}T00:00:00Z`);
      if (day && (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== dto.dueDate))
        throw new ApiError(400, 'VALIDATION', `${dto.dueDate} is not a date`, `${dto.dueDate}不是有效日期`);
      patch.dueDate = dto.dueDate;
    }
    if (dto.owner !== undefined) patch.owner = dto.owner?.trim() || null;
    if (dto.coOwners !== undefined) patch.coOwners = [...new Set(dto.coOwners.map((c) => c.trim()).filter(Boolean))];
    if (dto.targets !== undefined) {
      const targets = dto.targets.map(toTarget);
      if (targets.some((t) => !t.text || !t.metric))
        throw new ApiError(
          400,
          'VALIDATION',
          'a target needs its words and metric',
          '量化指标的原文和指标名称不能为空',
        );
      // Compared field by field: the same targets in another key order are no correction to audit.
      if (!sameTargets(task.targets, targets)) patch.targets = targets;
    }
    if (['title', 'body', 'owner', 'coOwners'].some((k) => k in patch)) {
      const next = { ...task, ...patch };
      patch.searchText = taskSearchText(next);
    }
    return patch;
  }

  /** Checks a status change against the workflow; 403 for the wrong role, 409 with `allowed` otherwise. */
  private statusPatch(
    actor: Actor,
    task: PlanItem,
    to: TaskStatus,
    supplied: { reason?: string; evidence?: string },
  ): Partial<PlanItem> {
    const check = checkTransition(task.status, to, actor.role, supplied);
    if (!check.ok) {
      const problem = PROBLEMS[check.problem];
      throw new ApiError(problem.status, problem.code, `${problem.en} (${task.status} → ${to})`, problem.zh, {
        from: task.status,
        to,
        allowed: check.allowed,
      });
    }
    return { status: to };
  }

  async transition(actor: Actor, id: number, dto: TransitionDto): Promise<TaskDetailDto> {
    const task = await this.query.visibleTask(actor, id);
    const supervising = actor.role !== 'staff' && (await this.scope.canSee(actor, task.bureauId));
    if (!supervising) this.assertCanEdit(actor, task);
    const patch = this.statusPatch(actor, task, dto.to, dto);
    await this.uow.run(async (tx) => {
      await this.write(tx, actor, task, dto.version, patch, 'transition');
      const note = [dto.reason, dto.evidence].filter(Boolean).join('\n') || null;
      const recorded = await tx.activity.addProgress({
        planItemId: task.id,
        authorId: actor.userId,
        bureauId: actor.bureauId ?? task.bureauId,
        percent: dto.to === 'closed' ? 100 : null,
        note,
        evidenceUrl: null,
        attachmentName: null,
        statusFrom: task.status,
        statusTo: dto.to,
      });
      await this.notifier.transitioned(tx, actor, task, dto.to, recorded.id, dto);
    });
    return this.query.detail(actor, id);
  }

  /**
   * The owning bureau reports progress; so does a participating bureau (配合单位) on its part, but
   * the status stays the owning bureau's to change.
   */
  private async assertCanReport(actor: Actor, task: PlanItem, changesStatus: boolean): Promise<void> {
    if (this.scope.canEditBureauTasks(actor, task.bureauId)) return;
    const participating =
      actor.bureauId !== null && (await this.query.participantBureaus(task.id)).includes(actor.bureauId);
    if (!participating) this.assertCanEdit(actor, task);
    if (changesStatus)
      throw forbidden(
        'A participating bureau reports progress; the owning bureau changes the status',
        '配合单位可报送进展，状态变更由责任单位办理',
      );
  }

  async progress(actor: Actor, id: number, dto: ProgressDto): Promise<TaskDetailDto> {
    const task = await this.query.visibleTask(actor, id);
    await this.assertCanReport(actor, task, !!dto.status && dto.status !== task.status);
    const patch =
      dto.status && dto.status !== task.status
        ? this.statusPatch(actor, task, dto.status, {
            reason: dto.reason,
            evidence: dto.note ?? dto.evidenceUrl ?? dto.attachmentName,
          })
        : {};
    await this.uow.run(async (tx) => {
      await this.write(tx, actor, task, dto.version, patch, 'progress');
      const recorded = await tx.activity.addProgress({
        planItemId: task.id,
        authorId: actor.userId,
        bureauId: actor.bureauId ?? task.bureauId,
        percent: dto.percent ?? null,
        note: dto.note ?? null,
        evidenceUrl: dto.evidenceUrl ?? null,
        attachmentName: dto.attachmentName ?? null,
        statusFrom: patch.status ? task.status : null,
        statusTo: patch.status ?? null,
      });
      if (patch.status) {
        await this.notifier.transitioned(tx, actor, task, patch.status, recorded.id, {
          reason: dto.reason,
          evidence: dto.note ?? dto.evidenceUrl ?? dto.attachmentName,
        });
      }
      if (dto.percent !== undefined) {
        await tx.activity.record([
          {
            entityType: 'plan_item',
            entityId: task.id,
            actorId: actor.userId,
            action: 'progress',
            field: 'percent',
            after: dto.percent,
          },
        ]);
      }
    });
    return this.query.detail(actor, id);
  }

  /**
   * One click on a task whose commitment the follow-up report evidences: staff ask for closure
   * (申请销号) with that passage as the evidence; a supervisor signs a submitted task off (销号).
   * Never automatic: a person decides, and a rejected link cannot be used.
   */
  async acceptEvidence(actor: Actor, id: number, version: number): Promise<TaskDetailDto> {
    const task = await this.query.visibleTask(actor, id);
    const usable = (await this.query.evidenceOf(task)).find(
      (e) => e.verdict !== 'not_found' && e.decision !== 'rejected',
    );
    if (!usable)
      throw new ApiError(
        409,
        'NO_EVIDENCE',
        'The follow-up report holds no usable evidence for this task',
        '次年报告中没有可用于该任务的佐证',
      );
    const passage = (usable.passages[0] ?? {}) as { heading?: string; text?: string };
    const evidence =
      `次年报告佐证（报告#${usable.followupReportId}）：${passage.heading ?? ''} ${passage.text ?? ''}`.trim();
    const steps: TaskStatus[] =
      actor.role !== 'staff' && task.status === 'submitted'
        ? ['closed']
        : task.status === 'in_progress'
          ? ['submitted']
          : ['in_progress', 'submitted'];
    // Every step is checked before anything is written, and all of them are written in one
    // transaction: a failure in the second step must not leave the task half-moved.
    const moves: Array<{ from: PlanItem; to: TaskStatus; patch: Partial<PlanItem>; version: number }> = [];
    let current = task;
    for (const [i, to] of steps.entries()) {
      if (
        to === 'closed'
          ? !(await this.scope.canSee(actor, task.bureauId))
          : !this.scope.canEditBureauTasks(actor, task.bureauId)
      ) {
        throw forbidden(
          'Only the owning bureau submits, and supervisors sign off',
          '仅责任单位可申请销号，督查人员审核销号',
        );
      }
      moves.push({
        from: current,
        to,
        patch: this.statusPatch(actor, current, to, { evidence }),
        version: version + i,
      });
      current = { ...current, status: to } as PlanItem;
    }
    await this.uow.run(async (tx) => {
      for (const move of moves) {
        await this.write(tx, actor, move.from, move.version, move.patch, 'transition');
        const recorded = await tx.activity.addProgress({
          planItemId: task.id,
          authorId: actor.userId,
          bureauId: actor.bureauId ?? task.bureauId,
          percent: move.to === 'closed' ? 100 : null,
          note: evidence,
          evidenceUrl: null,
          attachmentName: null,
          statusFrom: move.from.status,
          statusTo: move.to,
        });
        await this.notifier.transitioned(tx, actor, move.from, move.to, recorded.id, { evidence });
      }
    });
    return this.query.detail(actor, id);
  }

  /** Anyone who can see the task may comment (supervisors' 督办意见 included). */
  async comment(actor: Actor, id: number, dto: NewCommentDto): Promise<CommentDto> {
    const task = await this.query.visibleTask(actor, id);
    return this.uow.run(async (tx) => {
      const comment = await tx.activity.addComment({
        planItemId: task.id,
        authorId: actor.userId,
        body: dto.body,
      });
      await tx.activity.record([
        {
          entityType: 'plan_item',
          entityId: task.id,
          actorId: actor.userId,
          action: 'comment',
          field: null,
          after: dto.body,
        },
      ]);
      await tx.tasks.touch(task.id);
      return toCommentDto(comment);
    });
  }
}
