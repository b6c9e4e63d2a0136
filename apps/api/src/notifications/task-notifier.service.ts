import { Injectable } from '@nestjs/common';
import type { DeadlineExtension, NewNotification, PlanItem, TransactionRepositories } from '@luoshi/db';
import { taskEventNotification, taskLink, type TaskEvent, type TaskStatus } from '@luoshi/tasks';
import type { Actor } from '../auth/actor.types';

/**
 * The notifications of the task workflow, written inside the transaction of the event itself (so
 * an event that rolls back notifies nobody) and keyed by the row that records it: a request waiting
 * for approval (申请销号, 延期申请) goes to whoever approves it today (UserRepository.approversOf), its
 * outcome (退回, 销号, 延期批准/不批准) to the task's assignee and the person who asked. Nobody is
 * told of their own doing.
 */
@Injectable()
export class TaskNotifier {
  /** After a status change of `task` (as it was before) to `to`, recorded as progress update `progressUpdateId`. */
  async transitioned(
    tx: TransactionRepositories,
    actor: Actor,
    task: PlanItem,
    to: TaskStatus,
    progressUpdateId: number,
    supplied: { reason?: string | null; evidence?: string | null },
  ): Promise<void> {
    const dedupeKey = `transition:${progressUpdateId}`;
    const base = { actor: actor.displayName, taskTitle: task.title };
    if (to === 'submitted') {
      const event: TaskEvent = { type: 'closure_requested', ...base, evidence: supplied.evidence };
      await this.notify(tx, actor, task, await tx.users.approversOf(task.bureauId), event, dedupeKey);
    } else if (task.status === 'submitted' && (to === 'returned' || to === 'closed')) {
      const event: TaskEvent =
        to === 'returned'
          ? { type: 'closure_returned', ...base, reason: supplied.reason }
          : { type: 'closure_approved', ...base };
      const submitter = (await tx.activity.progressOf(task.id)).filter((p) => p.statusTo === 'submitted').pop();
      await this.notify(tx, actor, task, [task.assigneeId, submitter?.authorId ?? null], event, dedupeKey);
    }
  }

  async extensionRequested(
    tx: TransactionRepositories,
    actor: Actor,
    task: PlanItem,
    extension: DeadlineExtension,
  ): Promise<void> {
    const event: TaskEvent = {
      type: 'extension_requested',
      actor: actor.displayName,
      taskTitle: task.title,
      oldDueDate: extension.oldDueDate,
      newDueDate: extension.newDueDate,
      reason: extension.reason,
    };
    const approvers = await tx.users.approversOf(task.bureauId);
    await this.notify(tx, actor, task, approvers, event, `extension:${extension.id}:requested`);
  }

  async extensionDecided(
    tx: TransactionRepositories,
    actor: Actor,
    task: PlanItem,
    extension: DeadlineExtension,
    approved: boolean,
    note: string | null,
  ): Promise<void> {
    const base = { actor: actor.displayName, taskTitle: task.title, note };
    const event: TaskEvent = approved
      ? { type: 'extension_approved', ...base, newDueDate: extension.newDueDate }
      : { type: 'extension_rejected', ...base };
    const to = [extension.requestedById, task.assigneeId];
    await this.notify(tx, actor, task, to, event, `extension:${extension.id}:decided`);
  }

  private async notify(
    tx: TransactionRepositories,
    actor: Actor,
    task: PlanItem,
    userIds: Array<number | null | undefined>,
    event: TaskEvent,
    dedupeKey: string,
  ): Promise<void> {
    const recipients = [...new Set(userIds)]
      .filter((id): id is number => typeof id === 'number' && id !== actor.userId)
      .sort((a, b) => a - b);
    const text = taskEventNotification(event);
    const rows: NewNotification[] = recipients.map((userId) => ({
      userId,
      ...text,
      taskId: task.id,
      link: taskLink(task.id),
      dedupeKey,
    }));
    await tx.notifications.createIfAbsent(rows);
  }
}
