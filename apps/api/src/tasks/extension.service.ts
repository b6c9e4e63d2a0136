import { Injectable } from '@nestjs/common';
import { ActivityRepository, TaskRepository, UnitOfWork } from '@luoshi/db';
import { isOpen, shanghaiToday } from '@luoshi/tasks';
import type { Actor } from '../auth/actor.types';
import { ApiError, forbidden, notFound, staleVersion } from '../common/api-error';
import { TaskNotifier } from '../notifications/task-notifier.service';
import { BureauScopeService } from '../scope/bureau-scope.service';
import type { ExtensionDecisionDto, ExtensionDto, ExtensionRequestDto } from './task.dto';
import { toExtensionDto } from './task.mapper';
import { TaskQueryService } from './task-query.service';

/** 延期申请: staff ask before the due date passes, a supervisor approves (the date moves) or rejects. */
@Injectable()
export class ExtensionService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly query: TaskQueryService,
    private readonly scope: BureauScopeService,
    private readonly activity: ActivityRepository,
    private readonly notifier: TaskNotifier,
    private readonly tasks: TaskRepository,
  ) {}

  async request(actor: Actor, taskId: number, dto: ExtensionRequestDto): Promise<ExtensionDto> {
    const task = await this.query.visibleTask(actor, taskId);
    if (!this.scope.canEditBureauTasks(actor, task.bureauId))
      throw forbidden('Only the owning bureau asks for an extension', '仅责任单位可申请延期');
    if (task.version !== dto.version) throw staleVersion(task.version);
    if (!isOpen(task.status))
      throw new ApiError(409, 'TASK_NOT_OPEN', 'Only open tasks can be extended', '仅进行中的任务可申请延期');
    if (task.dueDate !== null && task.dueDate < shanghaiToday()) {
      throw new ApiError(
        422,
        'DUE_DATE_PASSED',
        'Ask for an extension before the due date passes',
        '已过完成时限，不能再申请延期',
      );
    }
    if (task.dueDate !== null && dto.newDueDate <= task.dueDate) {
      throw new ApiError(
        422,
        'NOT_LATER',
        'The new due date must be later than the current one',
        '新的完成时限须晚于原时限',
      );
    }
    if (await this.activity.pendingExtension(task.id)) {
      throw new ApiError(
        409,
        'EXTENSION_PENDING',
        'An extension request for this task is already waiting for a decision',
        '该任务已有待审核的延期申请',
      );
    }
    return this.uow.run(async (tx) => {
      const activity = tx.activity;
      const saved = await activity.addExtension({
        planItemId: task.id,
        requestedById: actor.userId,
        oldDueDate: task.dueDate,
        newDueDate: dto.newDueDate,
        reason: dto.reason,
      });
      await activity.record([
        {
          entityType: 'plan_item',
          entityId: task.id,
          actorId: actor.userId,
          action: 'extension_requested',
          field: 'dueDate',
          before: task.dueDate,
          after: dto.newDueDate,
        },
      ]);
      await tx.tasks.touch(task.id);
      await this.notifier.extensionRequested(tx, actor, task, saved);
      return toExtensionDto(saved, task.title);
    });
  }

  async decide(actor: Actor, extensionId: number, dto: ExtensionDecisionDto): Promise<ExtensionDto> {
    const extension = await this.activity.findExtension(extensionId);
    if (!extension) throw notFound('Extension request');
    const task = await this.query.visibleTask(actor, extension.planItemId).catch(() => {
      throw notFound('Extension request');
    });
    // A supervisor who sees the task only because their bureau takes part in it (配合单位) does not decide.
    if (actor.role === 'staff' || !(await this.scope.canSee(actor, task.bureauId)))
      throw forbidden('Supervisors decide extension requests', '延期申请由督查人员审核');
    if (extension.status !== 'pending')
      throw new ApiError(409, 'ALREADY_DECIDED', 'This request was already decided', '该申请已审核');
    await this.uow.run(async (tx) => {
      const activity = tx.activity;
      if (
        !(await activity.decideExtension(
          extension.id,
          dto.approve ? 'approved' : 'rejected',
          actor.userId,
          dto.note ?? null,
        ))
      ) {
        throw new ApiError(409, 'ALREADY_DECIDED', 'This request was already decided', '该申请已审核');
      }
      const entries = [
        {
          entityType: 'plan_item',
          entityId: task.id,
          actorId: actor.userId,
          action: dto.approve ? 'extension_approved' : 'extension_rejected',
          field: 'dueDate',
          before: task.dueDate,
          after: dto.approve ? extension.newDueDate : task.dueDate,
        },
      ];
      if (dto.approve) {
        const patch = {
          dueDate: extension.newDueDate,
          originalDueDate: task.originalDueDate ?? task.dueDate,
          lastActivityAt: new Date(),
        };
        if (!(await tx.tasks.updateIfVersion(task.id, task.version, patch))) throw staleVersion(null);
      }
      await activity.record(entries);
      await this.notifier.extensionDecided(tx, actor, task, extension, dto.approve, dto.note ?? null);
    });
    return toExtensionDto((await this.activity.findExtension(extension.id))!, task.title);
  }

  async list(actor: Actor, status?: 'pending' | 'approved' | 'rejected'): Promise<ExtensionDto[]> {
    const extensions = await this.activity.listExtensions(await this.scope.visibleBureauIds(actor), status);
    const titles = await this.tasks.titles([...new Set(extensions.map((e) => e.planItemId))]);
    return extensions.map((e) => toExtensionDto(e, titles.get(e.planItemId) ?? ''));
  }
}
