import type { Repository } from 'typeorm';
import { LinkOutcome, type LinkDecision } from '../entities/link-outcome.entity';
import type { DbHandle } from './db-handle.types';

export type ComputedOutcome = Omit<
  LinkOutcome,
  'id' | 'decision' | 'decisionNote' | 'decidedById' | 'createdAt' | 'updatedAt'
>;

export class LinkOutcomeRepository {
  private readonly outcomes: Repository<LinkOutcome>;

  constructor(db: DbHandle) {
    this.outcomes = db.getRepository(LinkOutcome);
  }

  /**
   * Writes the linker's results for one follow-up; a person's earlier decision on an outcome is
   * kept (only the computed fields change).
   */
  async upsertComputed(rows: ComputedOutcome[]): Promise<void> {
    for (const row of rows) {
      const existing = await this.outcomes.findOneBy({
        planItemId: row.planItemId,
        followupReportId: row.followupReportId,
      });
      // JSON columns hold plain objects; TypeORM's deep-partial typing cannot express them.
      const values = row as never;
      if (existing) await this.outcomes.update({ id: existing.id }, values);
      else await this.outcomes.insert(values);
    }
  }

  forItems(planItemIds: number[]): Promise<LinkOutcome[]> {
    if (planItemIds.length === 0) return Promise.resolve([]);
    return this.outcomes
      .createQueryBuilder('o')
      .where('o.planItemId IN (:...ids)', { ids: planItemIds })
      .orderBy('o.followupReportId', 'DESC')
      .getMany();
  }

  /** Outcomes of commitments in the given bureaus (null = all) for a plan year (any when undefined). */
  list(bureauIds: number[] | null, planYear?: number): Promise<LinkOutcome[]> {
    const qb = this.outcomes.createQueryBuilder('o').orderBy('o.bureauId', 'ASC').addOrderBy('o.planItemId', 'ASC');
    if (bureauIds !== null) {
      if (bureauIds.length === 0) qb.andWhere('1 = 0');
      else qb.andWhere('o.bureauId IN (:...bureauIds)', { bureauIds });
    }
    if (planYear !== undefined) qb.andWhere('o.planYear = :planYear', { planYear });
    return qb.getMany();
  }

  findById(id: number): Promise<LinkOutcome | null> {
    return this.outcomes.findOneBy({ id });
  }

  async decide(id: number, decision: LinkDecision, decidedById: number, note: string | null): Promise<void> {
    await this.outcomes.update({ id }, { decision, decidedById, decisionNote: note });
  }
}
