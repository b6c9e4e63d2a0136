import type { Repository } from 'typeorm';
import { AuditEvent } from '../entities/audit-event.entity';
import { Comment } from '../entities/comment.entity';
import { DeadlineExtension, type ExtensionStatus } from '../entities/deadline-extension.entity';
import { ProgressUpdate } from '../entities/progress-update.entity';
import type { DbHandle } from './db-handle.types';

export interface AuditEntry {
  entityType: string;
  entityId: number;
  actorId: number | null;
  action: string;
  field?: string | null;
  before?: unknown;
  after?: unknown;
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The history around a task: audit events, progress updates, comments, extension requests. */
export class ActivityRepository {
  private readonly audit: Repository<AuditEvent>;
  private readonly progress: Repository<ProgressUpdate>;
  private readonly comments: Repository<Comment>;
  private readonly extensions: Repository<DeadlineExtension>;

  constructor(db: DbHandle) {
    this.audit = db.getRepository(AuditEvent);
    this.progress = db.getRepository(ProgressUpdate);
    this.comments = db.getRepository(Comment);
    this.extensions = db.getRepository(DeadlineExtension);
  }

  async record(entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.audit.insert(
      entries.map((e) => ({
        entityType: e.entityType,
        entityId: e.entityId,
        actorId: e.actorId,
        action: e.action,
        field: e.field ?? null,
        before: text(e.before),
        after: text(e.after),
      })),
    );
  }

  auditOf(entityType: string, entityId: number): Promise<AuditEvent[]> {
    return this.audit.find({ where: { entityType, entityId }, order: { id: 'ASC' } });
  }

  addProgress(
    update: Omit<ProgressUpdate, 'id' | 'createdAt' | 'planItem' | 'searchText' | 'fillSearchText'>,
  ): Promise<ProgressUpdate> {
    return this.progress.save(this.progress.create(update));
  }

  progressOf(planItemId: number): Promise<ProgressUpdate[]> {
    return this.progress.find({ where: { planItemId }, order: { id: 'ASC' } });
  }

  /**
   * Each task's latest progress update that has a note (blank notes skipped), one per task that
   * has one; "latest" is the last written (highest id), whatever the clock said.
   */
  latestNotes(planItemIds: number[]): Promise<ProgressUpdate[]> {
    if (planItemIds.length === 0) return Promise.resolve([]);
    return this.progress
      .createQueryBuilder('p')
      .where((qb) => {
        const latest = qb
          .subQuery()
          .select('MAX(q.id)')
          .from(ProgressUpdate, 'q')
          .where('q.planItemId IN (:...ids)')
          .andWhere("q.note IS NOT NULL AND TRIM(q.note) <> ''")
          .groupBy('q.planItemId')
          .getQuery();
        return `p.id IN ${latest}`;
      })
      .setParameter('ids', planItemIds)
      .orderBy('p.planItemId', 'ASC')
      .getMany();
  }

  /**
   * Each task's latest status change (a progress update with `statusTo`), one per task that has
   * one: its note is why the task is in that status (退回, 受阻, 不再推进 …).
   */
  latestStatusChanges(planItemIds: number[]): Promise<ProgressUpdate[]> {
    if (planItemIds.length === 0) return Promise.resolve([]);
    return this.progress
      .createQueryBuilder('p')
      .where((qb) => {
        const latest = qb
          .subQuery()
          .select('MAX(q.id)')
          .from(ProgressUpdate, 'q')
          .where('q.planItemId IN (:...ids)')
          .andWhere('q.statusTo IS NOT NULL')
          .groupBy('q.planItemId')
          .getQuery();
        return `p.id IN ${latest}`;
      })
      .setParameter('ids', planItemIds)
      .orderBy('p.planItemId', 'ASC')
      .getMany();
  }

  countProgress(planItemIds: number[]): Promise<number> {
    if (planItemIds.length === 0) return Promise.resolve(0);
    return this.progress.createQueryBuilder('p').where('p.planItemId IN (:...ids)', { ids: planItemIds }).getCount();
  }

  addComment(comment: Omit<Comment, 'id' | 'createdAt' | 'searchText' | 'fillSearchText'>): Promise<Comment> {
    return this.comments.save(this.comments.create(comment));
  }

  commentsOf(planItemId: number): Promise<Comment[]> {
    return this.comments.find({ where: { planItemId }, order: { id: 'ASC' } });
  }

  addExtension(
    request: Pick<DeadlineExtension, 'planItemId' | 'requestedById' | 'oldDueDate' | 'newDueDate' | 'reason'>,
  ): Promise<DeadlineExtension> {
    return this.extensions.save(this.extensions.create({ ...request, status: 'pending' }));
  }

  extensionsOf(planItemId: number): Promise<DeadlineExtension[]> {
    return this.extensions.find({ where: { planItemId }, order: { id: 'ASC' } });
  }

  findExtension(id: number): Promise<DeadlineExtension | null> {
    return this.extensions.findOneBy({ id });
  }

  pendingExtension(planItemId: number): Promise<DeadlineExtension | null> {
    return this.extensions.findOneBy({ planItemId, status: 'pending' });
  }

  /** Decides a pending request; false if it was decided meanwhile. */
  async decideExtension(
    id: number,
    status: Exclude<ExtensionStatus, 'pending'>,
    decidedById: number,
    note: string | null,
  ): Promise<boolean> {
    const result = await this.extensions
      .createQueryBuilder()
      .update(DeadlineExtension)
      .set({ status, decidedById, decidedAt: new Date(), decisionNote: note })
      .where('id = :id AND status = :pending', { id, pending: 'pending' })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** Extension requests of tasks in the given bureaus (null = all), newest first. */
  listExtensions(bureauIds: number[] | null, status?: ExtensionStatus): Promise<DeadlineExtension[]> {
    const qb = this.extensions
      .createQueryBuilder('e')
      .innerJoin('plan_item', 't', 't.id = e.planItemId')
      .orderBy('e.id', 'DESC')
      .take(500);
    if (bureauIds !== null) {
      if (bureauIds.length === 0) qb.andWhere('1 = 0');
      else qb.andWhere('t.bureauId IN (:...bureauIds)', { bureauIds });
    }
    if (status) qb.andWhere('e.status = :status', { status });
    return qb.getMany();
  }
}
