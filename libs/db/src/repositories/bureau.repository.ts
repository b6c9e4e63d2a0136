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
}
