import { Injectable } from '@nestjs/common';
import {
  BureauRepository,
  UnitOfWork,
  UserRepository,
  type AuditEntry,
  type PlanItem,
  type StandaloneTask,
} from '@luoshi/db';
import { readTargets } from '@luoshi/report-parser';
import { shanghaiToday, type TaskSourceKind } from '@luoshi/tasks';
import type { Target } from '@luoshi/text';
import type { Actor } from '../auth/actor.types';
import { ApiError, forbidden } from '../common/api-error';
import { BureauScopeService } from '../scope/bureau-scope.service';
import type { CreateTaskDto, TaskDetailDto } from './task.dto';
import { toTarget } from './task.mapper';
import { TaskQueryService } from './task-query.service';

/** The plan year of a task without a report: the one asked for, the due date's, or this year. */
export function planYearOf(dueDate: string | null, asked?: number): number {
  return asked ?? Number((dueDate ?? shanghaiToday()).slice(0, 4));
}

/** The co-units as one list: trimmed, without blanks and repeats. */
export function cleanUnits(units: readonly string[]): string[] {
  return [...new Set(units.map((u) => u.trim()).filter(Boolean))];
}

/**
 * Tasks that no report holds: made by hand (交办事项, 领导批示件, an item a report missed) or
 * imported from a 台账. Filed under a bureau the person may write to, audited as created, and their
 * lead and co-units resolved to participating bureaus in the same transaction.
 */
@Injectable()
export class TaskCreateService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly bureaus: BureauRepository,
    private readonly scope: BureauScopeService,
    private readonly query: TaskQueryService,
  ) {}

  /** 403 unless the person may file tasks under the bureau; 422 when an admin names one that does not exist. */
  async assertCanFileUnder(actor: Actor, bureauId: number): Promise<void> {
    if (!(await this.scope.canFileUnder(actor, bureauId)))
      throw forbidden(
        'You may only add tasks to your own bureau (or its sub-bureaus, as a supervisor)',
        '只能为本单位（督查人员可含下级单位）新建事项',
      );
    if (!(await this.bureaus.findById(bureauId)))
      throw new ApiError(422, 'BUREAU_NOT_FOUND', `Bureau ${bureauId} does not exist`, `单位${bureauId}不存在`);
  }

  async create(actor: Actor, dto: CreateTaskDto): Promise<TaskDetailDto> {
    await this.assertCanFileUnder(actor, dto.bureauId);
    const title = dto.title.trim();
    if (!title) throw new ApiError(400, 'VALIDATION', 'title must not be blank', '标题不能为空');
    if (dto.assigneeId !== undefined && dto.assigneeId !== null) {
      const assignee = await this.users.findById(dto.assigneeId);
      if (!assignee || assignee.bureauId !== dto.bureauId)
        throw new ApiError(
          422,
          'ASSIGNEE_NOT_IN_BUREAU',
          'Assign the task to a user of its owning bureau',
          '只能指派给责任单位的人员',
        );
    }
    const typed: Target[] = (dto.targets ?? []).map(toTarget);
    const targetText = dto.targetText?.trim() ?? '';
    const read = targetText ? readTargets(targetText) : [];
    const body = dto.body?.trim() || title;
    const dueDate = dto.dueDate ?? null;
    const [task] = await this.store(actor, [
      {
        bureauId: dto.bureauId,
        planYear: planYearOf(dueDate, dto.planYear),
        title,
        // A target typed in words stays readable in the text even when no figure could be read from it.
        body: targetText && !body.includes(targetText) ? `${body}\n目标：${targetText}` : body,
        owner: dto.owner?.trim() || null,
        coOwners: cleanUnits(dto.coOwners ?? []),
        dueDate,
        targets: [...typed, ...read],
        recurrence: dto.recurrence ?? null,
        sourceKind: dto.sourceKind ?? 'manual',
        assigneeId: dto.assigneeId ?? null,
      },
    ]);
    return this.query.detail(actor, task.id);
  }

  /**
   * Stores the tasks in one transaction: each audited as created (with where it came from), then
   * their units resolved to participants (配合单位 see the task and are reminded).
   */
  store(actor: Actor, tasks: StandaloneTask[]): Promise<PlanItem[]> {
    return this.uow.run(async (tx) => {
      const saved = await tx.tasks.createStandalone(tasks);
      const entries: AuditEntry[] = saved.map((t) => ({
        entityType: 'plan_item',
        entityId: t.id,
        actorId: actor.userId,
        action: 'create',
        field: 'sourceKind',
        after: t.sourceKind satisfies TaskSourceKind,
      }));
      await tx.activity.record(entries);
      await tx.participants.syncTasks(saved.map((t) => t.id));
      return saved;
    });
  }
}
