import type { Repository } from 'typeorm';
import type { DbHandle } from './db-handle.types';
import { Bureau, type BureauLevel } from '../entities/bureau.entity';

export interface NewBureau {
  name: string;
  region?: string | null;
  level?: BureauLevel;
  parentId?: number | null;
  aliases?: string[];
}

export class BureauRepository {
  private readonly bureaus: Repository<Bureau>;

  constructor(db: DbHandle) {
    this.bureaus = db.getRepository(Bureau);
  }

  findById(id: number): Promise<Bureau | null> {
    return this.bureaus.findOneBy({ id });
  }

  /** Finds a bureau by its full name, or by one of its aliases. */
  async findByNameOrAlias(name: string): Promise<Bureau | null> {
    const exact = await this.bureaus.findOneBy({ name });
    if (exact) return exact;
    // Aliases are a small JSON list per bureau; a LIKE on the serialised list narrows the scan and
    // the exact check below removes false hits such as a longer name that contains this one.
    const candidates = await this.bureaus
      .createQueryBuilder('b')
      .where('b.aliases LIKE :pattern', { pattern: `%${JSON.stringify(name).slice(1, -1)}%` })
      .getMany();
    return candidates.find((b) => b.aliases.includes(name)) ?? null;
  }

  async create(bureau: NewBureau): Promise<Bureau> {
    return this.bureaus.save(
      this.bureaus.create({
        name: bureau.name,
        region: bureau.region ?? null,
        level: bureau.level ?? 'other',
        parentId: bureau.parentId ?? null,
        aliases: bureau.aliases ?? [],
      }),
    );
  }

  count(): Promise<number> {
    return this.bureaus.count();
  }

  all(): Promise<Bureau[]> {
    return this.bureaus.find({ order: { id: 'ASC' } });
  }

  byIds(ids: number[]): Promise<Bureau[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.bureaus.createQueryBuilder('b').where('b.id IN (:...ids)', { ids }).orderBy('b.id', 'ASC').getMany();
  }

  /** `rootId` and every bureau below it (the hierarchy is small: one query, walked in memory). */
  async subtreeIds(rootId: number): Promise<number[]> {
    const rows: Array<{ id: number; parentId: number | null }> = await this.bureaus.find({ select: { id: true, parentId: true } });
    const children = new Map<number, number[]>();
    for (const r of rows) {
      if (r.parentId === null) continue;
      if (!children.has(r.parentId)) children.set(r.parentId, []);
      children.get(r.parentId)!.push(r.id);
    }
    const out: number[] = [];
    const seen = new Set<number>();
    const queue = [rootId];
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(id);
      queue.push(...(children.get(id) ?? []));
    }
    return out;
  }

  async update(id: number, patch: Partial<Pick<Bureau, 'name' | 'region' | 'level' | 'parentId' | 'aliases'>>): Promise<Bureau> {
    await this.bureaus.update({ id }, patch);
    return this.bureaus.findOneByOrFail({ id });
  }
}
