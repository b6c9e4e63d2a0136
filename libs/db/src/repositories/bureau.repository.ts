import type { Repository } from 'typeorm';
import type { DbHandle } from './db-handle.types';
import { queryBound, readJson, readNumberOrNull, readTimestamp } from './bound-sql.util';
import { Bureau, type BureauLevel } from '../entities/bureau.entity';
import { BureauTree } from '../bureau-tree';

/** What references a bureau: the rows a merge moves to another bureau, by kind. */
export interface BureauUsage {
  subBureaus: number;
  users: number;
  reports: number;
  tasks: number;
  progressUpdates: number;
  linkOutcomes: number;
  participations: number;
  channels: number;
}

/** The tables (and their bureau column) a bureau's rows live in, in the order a merge moves them. */
const BUREAU_REFERENCES: ReadonlyArray<[keyof BureauUsage, string, string]> = [
  ['subBureaus', 'bureau', 'parentId'],
  ['users', 'user', 'bureauId'],
  ['reports', 'report', 'bureauId'],
  ['tasks', 'plan_item', 'bureauId'],
  ['progressUpdates', 'progress_update', 'bureauId'],
  ['linkOutcomes', 'link_outcome', 'bureauId'],
  ['participations', 'task_participant', 'bureauId'],
  ['channels', 'chat_channel', 'bureauId'],
];

export interface NewBureau {
  name: string;
  region?: string | null;
  level?: BureauLevel;
  parentId?: number | null;
  aliases?: string[];
}

const BUREAU_SELECT = '"id", "name", "region", "level", "parentId", "aliases", "createdAt"';

/** A bureau row read by bound SQL, as the entity hydrates it. */
function toBureau(row: Record<string, unknown>): Bureau {
  return Object.assign(new Bureau(), {
    id: Number(row.id),
    name: String(row.name),
    region: (row.region as string | null) ?? null,
    level: row.level as BureauLevel,
    parentId: readNumberOrNull(row.parentId),
    aliases: readJson<string[]>(row.aliases, []),
    createdAt: readTimestamp(row.createdAt)!,
  });
}

export class BureauRepository {
  private readonly bureaus: Repository<Bureau>;

  constructor(db: DbHandle) {
    this.bureaus = db.getRepository(Bureau);
  }

  findById(id: number): Promise<Bureau | null> {
    return this.bureaus.findOneBy({ id });
  }

  /**
   * Finds a bureau by its full name, or by one of its aliases. Every upload asks this (often
   * twice, for the bureau and the publisher), so it is bound SQL read into a Bureau by hand.
   */
  async findByNameOrAlias(name: string): Promise<Bureau | null> {
    const manager = this.bureaus.manager;
    const [exact] = await queryBound(manager, `SELECT ${BUREAU_SELECT} FROM "bureau" WHERE "name" = ?`, [name]);
    if (exact) return toBureau(exact);
    // Aliases are a small JSON list per bureau; a LIKE on the serialised list narrows the scan and
    // the exact check below removes false hits such as a longer name that contains this one.
    const escaped = JSON.stringify(name)
      .slice(1, -1)
      .replace(/[\\%_]/g, (c) => `\\${c}`);
    const candidates = await queryBound(
      manager,
      `SELECT ${BUREAU_SELECT} FROM "bureau" WHERE "aliases" LIKE ? ESCAPE '\\' ORDER BY "id"`,
      [`%${escaped}%`],
    );
    return candidates.map(toBureau).find((b) => b.aliases.includes(name)) ?? null;
  }

  async create(bureau: NewBureau): Promise<Bureau> {
    const values = [
      bureau.name,
      bureau.region ?? null,
      bureau.level ?? 'other',
      bureau.parentId ?? null,
      JSON.stringify(bureau.aliases ?? []),
    ];
    const [row] = await queryBound(
      this.bureaus.manager,
      `INSERT INTO "bureau" ("name", "region", "level", "parentId", "aliases") VALUES (?, ?, ?, ?, ?) RETURNING ${BUREAU_SELECT}`,
      values,
    );
    return toBureau(row);
  }

  count(): Promise<number> {
    return this.bureaus.count();
  }

  all(): Promise<Bureau[]> {
    return this.bureaus.find({ order: { id: 'ASC' } });
  }

  /** Every bureau's id, name and parent, for walking the hierarchy in memory (no other columns). */
  hierarchy(): Promise<Array<Pick<Bureau, 'id' | 'name' | 'parentId'>>> {
    return this.bureaus.find({ select: { id: true, name: true, parentId: true } });
  }

  byIds(ids: number[]): Promise<Bureau[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.bureaus.createQueryBuilder('b').where('b.id IN (:...ids)', { ids }).orderBy('b.id', 'ASC').getMany();
  }

  /**
   * `rootId` and every bureau below it, the root first. Asked on most requests (scopes), so one
   * bound recursive query over the parent index rather than reading and hydrating every bureau.
   * UNION (not UNION ALL) keeps a cycle someone made by hand from looping.
   */
  /**
   * The whole hierarchy as a BureauTree, read in one statement with its version (so the pairs and
   * the version agree).
   */
  async tree(): Promise<BureauTree> {
    const rows = await queryBound<{ id: unknown; parentId: unknown; version: unknown }>(
      this.bureaus.manager,
      'SELECT b."id", b."parentId", v."version" FROM "bureau_tree_version" v LEFT JOIN "bureau" b ON 1 = 1 WHERE v."id" = 1',
      [],
    );
    const edges = rows
      .filter((r) => r.id !== null && r.id !== undefined)
      .map((r) => ({ id: Number(r.id), parentId: readNumberOrNull(r.parentId) }));
    return new BureauTree(Number(rows[0]?.version ?? 0), edges);
  }

  async subtreeIds(rootId: number): Promise<number[]> {
    const rows = await queryBound<{ id: unknown }>(
      this.bureaus.manager,
      `WITH RECURSIVE sub("id") AS (SELECT CAST(? AS INTEGER) UNION SELECT b."id" FROM "bureau" b JOIN sub ON b."parentId" = sub."id")
       SELECT "id" FROM sub`,
      [rootId],
    );
    const ids = rows.map((r) => Number(r.id));
    return [rootId, ...ids.filter((id) => id !== rootId)];
  }

  /**
   * The bureaus above `id` (its parent, theirs …, nearest first) and every bureau below it, without
   * `id` itself: where a report filed under `id` may also come from. One bound recursive query up
   * (UNION stops at a cycle) and the subtree's.
   */
  async lineage(id: number): Promise<{ ancestors: Bureau[]; descendants: Bureau[] }> {
    const up = await queryBound<{ id: unknown; depth: unknown }>(
      this.bureaus.manager,
      `WITH RECURSIVE up("id", "depth") AS (SELECT CAST(? AS INTEGER), 0 UNION SELECT b."parentId", up."depth" + 1 FROM "bureau" b JOIN up ON b."id" = up."id" WHERE b."parentId" IS NOT NULL AND up."depth" < 32)
       SELECT "id", MIN("depth") AS "depth" FROM up GROUP BY "id" ORDER BY MIN("depth")`,
      [id],
    );
    const ancestorIds = up.map((r) => Number(r.id)).filter((x) => x !== id);
    const descendantIds = (await this.subtreeIds(id)).filter((x) => x !== id && !ancestorIds.includes(x));
    const rows = new Map((await this.byIds([...ancestorIds, ...descendantIds])).map((b) => [b.id, b]));
    const pick = (ids: number[]) => ids.map((x) => rows.get(x)).filter((b): b is Bureau => b !== undefined);
    return { ancestors: pick(ancestorIds), descendants: pick(descendantIds) };
  }

  async update(
    id: number,
    patch: Partial<Pick<Bureau, 'name' | 'region' | 'level' | 'parentId' | 'aliases'>>,
  ): Promise<Bureau> {
    await this.bureaus.update({ id }, patch);
    return this.bureaus.findOneByOrFail({ id });
  }

  /** How many rows of each kind name this bureau. */
  async usage(id: number): Promise<BureauUsage> {
    // One statement of scalar subqueries: one round trip, and nothing concurrent on a transaction's
    // single connection (pg deprecates a second query while one is executing on the same client).
    const columns = BUREAU_REFERENCES.map(
      ([key, table, column]) => `(SELECT COUNT(*) FROM "${table}" WHERE "${column}" = ?) AS "${key}"`,
    );
    const [row] = await queryBound<Record<string, unknown>>(
      this.bureaus.manager,
      `SELECT ${columns.join(', ')}`,
      BUREAU_REFERENCES.map(() => id),
    );
    return Object.fromEntries(
      BUREAU_REFERENCES.map(([key]) => [key, Number(row?.[key] ?? 0)]),
    ) as unknown as BureauUsage;
  }

  /** Reports filed under both bureaus with the same text (the unique key a merge would break). */
  async sharedReportCount(sourceId: number, targetId: number): Promise<number> {
    const [row] = await queryBound<{ n: unknown }>(
      this.bureaus.manager,
      `SELECT COUNT(*) AS "n" FROM "report" s JOIN "report" t ON t."contentHash" = s."contentHash" AND t."bureauId" = ? WHERE s."bureauId" = ?`,
      [targetId, sourceId],
    );
    return Number(row?.n ?? 0);
  }

  /**
   * Moves everything that names `sourceId` to `targetId` and deletes the source; run it inside a
   * transaction. A task both bureaus took part in keeps the target's participation. The caller
   * checks first that the target is not below the source and no report is filed under both.
   */
  async mergeInto(sourceId: number, targetId: number): Promise<void> {
    const manager = this.bureaus.manager;
    await queryBound(
      manager,
      `DELETE FROM "task_participant" WHERE "bureauId" = ? AND "taskId" IN (SELECT "taskId" FROM "task_participant" WHERE "bureauId" = ?)`,
      [sourceId, targetId],
    );
    for (const [, table, column] of BUREAU_REFERENCES) {
      await queryBound(manager, `UPDATE "${table}" SET "${column}" = ? WHERE "${column}" = ?`, [targetId, sourceId]);
    }
    await queryBound(manager, `DELETE FROM "bureau" WHERE "id" = ?`, [sourceId]);
  }
}
