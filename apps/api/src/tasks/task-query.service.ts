import { DEFAULT_PAGE_SIZE } from '../common/paging';
import { Injectable } from '@nestjs/common';
import {
  ActivityRepository,
  LinkOutcomeRepository,
  ReminderRepository,
  ChannelRepository,
  ParticipantRepository,
  searchTextOf,
  TaskRepository,
  type LinkOutcome,
  type Page,
  type PlanItem,
  type TaskFilter,
} from '@luoshi/db';
import { allowedTargets, decodeTaskCursor, shanghaiToday, toTaskPage, toTaskSummary } from '@luoshi/tasks';
import type { Actor } from '../auth/actor.types';
import type { IdentityFold } from '../auth/identity-fold';
import { toReminderDto } from '../reminders/reminders.dto';
import { ApiError, notFound } from '../common/api-error';
import { BureauScopeService } from '../scope/bureau-scope.service';
import type {
  AuditEventDto,
  TaskDetailDto,
  TaskEvidenceDto,
  TaskFilterQueryDto,
  TaskListQueryDto,
  TaskPageDto,
} from './task.dto';
import { TaskListReader } from './task-list.reader';
import { toAuditDto, toCommentDto, toExtensionDto, toProgressDto } from './task.mapper';

/** Reading tasks, always within the bureaus the person may see. */
@Injectable()
export class TaskQueryService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly activity: ActivityRepository,
    private readonly scope: BureauScopeService,
    private readonly outcomes: LinkOutcomeRepository,
    private readonly reminders: ReminderRepository,
    private readonly listReader: TaskListReader,
    private readonly channels: ChannelRepository,
    private readonly participants: ParticipantRepository,
  ) {}

  /** The top-level task (commitment) a task belongs to. */
  async rootOf(task: PlanItem): Promise<PlanItem> {
    let current = task;
    for (let depth = 0; current.parentId !== null && depth < 10; depth++) {
      const parent = await this.tasks.findById(current.parentId);
      if (!parent) break;
      current = parent;
    }
    return current;
  }

  /** Link outcomes of the task's commitment, newest follow-up first; for a sub-task only its own actions. */
  async evidenceOf(task: PlanItem): Promise<Array<TaskEvidenceDto & { outcome: LinkOutcome }>> {
    const root = await this.rootOf(task);
    const outcomes = await this.outcomes.forItems([root.id]);
    return outcomes.map((o) => {
      const actions = root.id === task.id ? o.actions : o.actions.filter((a) => task.body.includes(String(a.text)));
      return {
        outcome: o,
        outcomeId: o.id,
        followupReportId: o.followupReportId,
        verdict: o.verdict,
        score: o.score,
        acknowledgedShortfall: o.acknowledgedShortfall,
        carriedOver: o.carriedOver,
        passages: root.id === task.id ? o.evidence : actions.flatMap((a) => a.evidence),
        actions,
        targets: o.targets,
        decision: o.decision,
      };
    });
  }

  /** The repository filter for a query: the requested bureau subtree ∩ what the actor may see. */
  async filterFor(actor: Actor, query: TaskFilterQueryDto): Promise<TaskFilter> {
    const bureauIds =
      query.bureauId !== undefined
        ? await this.scope.withinScope(actor, query.bureauId)
        : await this.scope.visibleBureauIds(actor);
    return {
      bureauIds,
      // Read where the page is read: in its statement on PostgreSQL, its read transaction on SQLite.
      participationsInline: bureauIds !== null,
      planYear: query.planYear,
      statuses: query.status,
      owner: query.owner,
      assigneeId: query.assigneeId,
      dueBefore: query.dueBefore,
      dueAfter: query.dueAfter,
      overdueAsOf: query.overdue ? shanghaiToday() : undefined,
      q: query.q ? searchTextOf(query.q) : undefined,
      reportId: query.reportId,
      rootsOnly: query.rootsOnly,
    };
  }

  /**
   * One page of the list as its JSON body (a TaskPageDto): from the list thread on a SQLite file,
   * read in place otherwise (TaskListReader). When AuthGuard offered an IdentityFold, the caller's
   * identity is read with the page: in the thread's read transaction, or in the page's statement on
   * PostgreSQL.
   */
  async listJson(actor: Actor, query: TaskListQueryDto, fold?: IdentityFold): Promise<Buffer | string> {
    const page: Page = { page: query.page ?? 1, pageSize: query.pageSize ?? DEFAULT_PAGE_SIZE };
    if (query.after !== undefined) {
      if (query.page !== undefined)
        throw new ApiError(
          400,
          'VALIDATION',
          'Page by number (page) or by cursor (after), not both',
          '翻页参数 page 与 after 不能同时使用',
        );
      const after = decodeTaskCursor(query.after);
      if (!after)
        throw new ApiError(
          400,
          'BAD_CURSOR',
          'after is not a cursor from this list: pass the `next` of a previous page unchanged',
          '翻页游标 after 无效，请原样使用上一页返回的 next',
        );
      page.after = after;
    }
    const filter = await this.filterFor(actor, query);
    const now = new Date();
    if (this.listReader.threaded) {
      // The caller's identity read by the list thread in the page's transaction (IdentityFold).
      if (fold?.open)
        return (
          await fold.readWith(async (userId) => {
            const { body, identity } = await this.listReader.read(filter, page, now, userId);
            return { body, identity: identity ?? null };
          })
        ).body;
      return (await this.listReader.read(filter, page, now)).body;
    }
    if (fold?.open && this.tasks.foldsListReads) {
      // The caller's identity read in the page's own statement (IdentityFold): one round trip in all.
      const { items, total } = await fold.readWith((userId) => this.tasks.listFolded(filter, page, userId));
      return JSON.stringify(toTaskPage(items, total, page, now));
    }
    return JSON.stringify(await this.list(filter, page, now));
  }

  private async list(filter: TaskFilter, page: Page, now: Date): Promise<TaskPageDto> {
    const { items, total } = await this.tasks.list(filter, page);
    return toTaskPage(items, total, page, now);
  }

  /** The bureaus taking part in a task (配合单位 resolved to bureaus). */
  async participantBureaus(taskId: number): Promise<number[]> {
    return (await this.participants.bureausByTask([taskId])).get(taskId) ?? [];
  }

  /** A visible task or 404 (another bureau's task id is indistinguishable from a missing one). */
  async visibleTask(actor: Actor, id: number): Promise<PlanItem> {
    const task = await this.tasks.findVisible(id, await this.scope.visibleBureauIds(actor));
    if (!task) throw notFound();
    return task;
  }

  async detail(actor: Actor, id: number): Promise<TaskDetailDto> {
    const task = await this.visibleTask(actor, id);
    const [children, progress, comments, extensions, participants] = await Promise.all([
      this.tasks.children(task.id),
      this.activity.progressOf(task.id),
      this.activity.commentsOf(task.id),
      this.activity.extensionsOf(task.id),
      this.participants.forTask(task.id),
    ]);
    const canEdit = this.scope.canEditBureauTasks(actor, task.bureauId);
    const now = new Date();
    return {
      ...toTaskSummary(task, now),
      body: task.body,
      deadlines: task.deadlines,
      actions: task.actions,
      verifiability: task.verifiability,
      source: task.reportId === null ? null : { reportId: task.reportId, start: task.startOffset, end: task.endOffset },
      children: children.map((c) => toTaskSummary(c, now)),
      progressUpdates: progress.map(toProgressDto),
      comments: comments.map(toCommentDto),
      extensions: extensions.map((e) => toExtensionDto(e, task.title)),
      reminders: (await this.reminders.forTask(task.id)).map(toReminderDto),
      channelDeliveries: await this.channels.forTask(task.id),
      evidence: (await this.evidenceOf(task)).map(({ outcome: _outcome, ...dto }) => dto),
      // A bureau that only takes part in the task (配合单位) changes no status.
      allowedTransitions:
        canEdit || (actor.role !== 'staff' && (await this.scope.canSee(actor, task.bureauId)))
          ? allowedTargets(task.status, actor.role)
          : [],
      canEdit,
      participants,
      canReport: canEdit || participants.some((p) => p.bureauId === actor.bureauId),
    };
  }

  async audit(actor: Actor, id: number): Promise<AuditEventDto[]> {
    const task = await this.visibleTask(actor, id);
    return (await this.activity.auditOf('plan_item', task.id)).map(toAuditDto);
  }
}
