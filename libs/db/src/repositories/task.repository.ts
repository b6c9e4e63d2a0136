import { Brackets, type Repository, type SelectQueryBuilder } from 'typeorm';
import { OPEN_STATUSES, type TaskStatus } from '@luoshi/tasks';
import { PlanItem } from '../entities/plan-item.entity';
import type { DbHandle } from './db-handle.types';

/** Filters of the task list; every field optional. `bureauIds` is already the visible set. */
export interface TaskFilter {
  /** null = every bureau (admins); [] = none. */
  bureauIds: number[] | null;
  planYear?: number;
  statuses?: TaskStatus[];
  owner?: string;
  assigneeId?: number;
  dueBefore?: string;
  dueAfter?: string;
  /** Open tasks whose due date is before `today`. */
  overdueAsOf?: string;
  q?: string;
  reportId?: number;
  rootsOnly?: boolean;
  includeSuperseded?: boolean;
}

export interface Page {
  page: number;
  pageSize: number;
}

/** Escapes LIKE wildcards so user text matches literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The columns of a task list row (TaskSummaryDto and its traffic light). */
const SUMMARY_COLUMNS = ['id', 'reportId', 'bureauId', 'parentId', 'planYear', 'path', 'title', 'owner', 'coOwners', 'assigneeId', 'status', 'dueDate', 'originalDueDate', 'targets', 'recurrence', 'version', 'createdAt', 'updatedAt', 'lastActivityAt'] as const;

export class TaskRepository {
  private readonly items: Repository<PlanItem>;

  constructor(db: DbHandle) {
    this.items = db.getRepository(PlanItem);
  }

  private filtered(filter: TaskFilter): SelectQueryBuilder<PlanItem> {
    const qb = this.items.createQueryBuilder('t');
    if (filter.bureauIds !== null) {
      if (filter.bureauIds.length === 0) qb.andWhere('1 = 0');
      else qb.andWhere('t.bureauId IN (:...bureauIds)', { bureauIds: filter.bureauIds });
    }
    if (!filter.includeSuperseded) qb.andWhere('t.supersededById IS NULL');
    if (filter.planYear !== undefined) qb.andWhere('t.planYear = :planYear', { planYear: filter.planYear });
    if (filter.statuses?.length) qb.andWhere('t.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.owner) qb.andWhere("t.owner LIKE :owner ESCAPE '\\'", { owner: likePattern(filter.owner) });
    if (filter.assigneeId !== undefined) qb.andWhere('t.assigneeId = :assigneeId', { assigneeId: filter.assigneeId });
    if (filter.dueBefore) qb.andWhere('t.dueDate <= :dueBefore', { dueBefore: filter.dueBefore });
    if (filter.dueAfter) qb.andWhere('t.dueDate >= :dueAfter', { dueAfter: filter.dueAfter });
    if (filter.reportId !== undefined) qb.andWhere('t.reportId = :reportId', { reportId: filter.reportId });
    if (filter.rootsOnly) qb.andWhere('t.parentId IS NULL');
    if (filter.overdueAsOf) {
      qb.andWhere('t.dueDate < :today', { today: filter.overdueAsOf }).andWhere('t.status IN (:...open)', { open: [...OPEN_STATUSES] });
    }
    if (filter.q) {
      const pattern = likePattern(filter.q);
      qb.andWhere(new Brackets((w) => w.where("t.title LIKE :q ESCAPE '\\'", { q: pattern }).orWhere("t.body LIKE :q ESCAPE '\\'", { q: pattern })));
    }
    return qb;
  }

  /**
   * One page of tasks, soonest due first, and the total count. Only the columns a list shows are
   * read and hydrated (not the body, actions, deadlines or verifiability): the list is the hottest
   * query and per-row hydration of the large JSON columns dominated it (BENCHMARKS.md, list).
   */
  async list(filter: TaskFilter, page: Page): Promise<{ items: PlanItem[]; total: number }> {
    const qb = this.filtered(filter)
      .select(SUMMARY_COLUMNS.map((c) => `t.${c}`))
      .orderBy('t.dueDate', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  /** Every matching task (exports), capped. */
  listAll(filter: TaskFilter, cap: number): Promise<PlanItem[]> {
    return this.filtered(filter).orderBy('t.dueDate', 'ASC').addOrderBy('t.id', 'ASC').take(cap).getMany();
  }

  /** A task if it exists and its bureau is visible; null otherwise (callers answer 404 either way). */
  async findVisible(id: number, bureauIds: number[] | null): Promise<PlanItem | null> {
    const task = await this.items.findOneBy({ id });
    if (!task || (bureauIds !== null && !bureauIds.includes(task.bureauId))) return null;
    return task;
  }

  children(parentId: number): Promise<PlanItem[]> {
    return this.items.find({ where: { parentId }, order: { id: 'ASC' } });
  }

  byReport(reportId: number): Promise<PlanItem[]> {
    return this.items.find({ where: { reportId }, order: { id: 'ASC' } });
  }

  /**
   * Applies `patch` only if the task still has `version` (optimistic lock); the version column
   * is incremented by TypeORM in the same UPDATE. Returns false when someone else wrote first.
   */
  async updateIfVersion(id: number, version: number, patch: Partial<PlanItem>): Promise<boolean> {
    const result = await this.items
      .createQueryBuilder()
      .update(PlanItem)
      .set(patch)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** Records activity (a comment) without bumping the version, so nobody's open edit goes stale. */
  async touch(id: number): Promise<void> {
    await this.items
      .createQueryBuilder()
      .update(PlanItem)
      .set({ lastActivityAt: new Date(), version: () => 'version' })
      .where('id = :id', { id })
      .execute();
  }

  /** Marks tasks as replaced by a newer revision of their report. */
  async supersede(ids: number[], byReportId: number): Promise<void> {
    if (ids.length === 0) return;
    await this.items.createQueryBuilder().update(PlanItem).set({ supersededById: byReportId }).where('id IN (:...ids)', { ids }).execute();
  }

  findById(id: number): Promise<PlanItem | null> {
    return this.items.findOneBy({ id });
  }
}
