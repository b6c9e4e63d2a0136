import {
  indexDirectory,
  mentionsOf,
  namesLookedUp,
  placeStarts,
  resolveUnits,
  type DirectoryBureau,
  type UnitMention,
} from '@luoshi/tasks';
import type { Repository } from 'typeorm';
import { TaskParticipant, type ParticipantRole } from '../entities/task-participant.entity';
import { placeholders, queryBound, readJson, readNumberOrNull } from './bound-sql.util';
import type { DbHandle } from './db-handle.types';
import type { AuditEntry } from './activity.repository';
import { participationsSql } from './task-list.sql';

/** A participating bureau as the task page shows it. */
export interface ParticipantView {
  bureauId: number;
  bureauName: string;
  unit: string;
  role: ParticipantRole;
}

/** A task's participants before and after a sync, for its audit trail. */
export interface ParticipantChange {
  taskId: number;
  before: number[];
  after: number[];
}

/** What resolving a task's units needs of it. */
export interface UnitsOfTask {
  id: number;
  bureauId: number;
  owner: string | null;
  coOwners: string[];
}

/** Bureaus as resolving needs them: by name and alias (indexDirectory), and by id. */
interface UnitDirectory {
  byName: Map<string, number[]>;
  byId: Map<number, DirectoryBureau>;
}

function toDirectory(bureaus: DirectoryBureau[]): UnitDirectory {
  return { byName: indexDirectory(bureaus), byId: new Map(bureaus.map((b) => [b.id, b])) };
}

/** A task's units as sync resolves them: its owner, then its co-owners. */
function unitsOfTask(task: UnitsOfTask): string[] {
  return [...(task.owner ? [task.owner] : []), ...task.coOwners];
}

function toUnitsOfTask(r: Record<string, unknown>): UnitsOfTask {
  return {
    id: Number(r.id),
    bureauId: Number(r.bureauId),
    owner: (r.owner as string | null) ?? null,
    coOwners: readJson<string[]>(r.coOwners, []),
  };
}

const ID_CHUNK = 500;

/** Lead bureaus listed in one mention's `IN (…)`; a place with more is matched on the text alone. */
const MAX_LEADS_LISTED = 500;

/** Names looked up in one read of the bureaus they may name; more read the whole directory. */
const MAX_NAMES_LISTED = 500;

/**
 * The current tasks whose units contain one of these mentions (in their leads' tasks only, when
 * the mention says which), or null for none. No index can seek text inside a unit, so every
 * current task is looked at: the statement reads only the columns of the covering index
 * ix_plan_item_units, has no ORDER BY (the caller sorts; SQLite would otherwise walk the table in
 * id order and read each task's whole row), and looks for the text with instr/strpos, which SQLite
 * runs in two thirds of a LIKE's time (BENCHMARKS.md, ingest). Case-sensitive, as resolveUnits
 * matches (and as LIKE is on PostgreSQL).
 */
export function mentioningSql(mentions: UnitMention[], postgres: boolean): { sql: string; params: unknown[] } | null {
  const contains = (column: string) => (postgres ? `strpos("${column}", ?) > 0` : `instr("${column}", ?) > 0`);
  const text = `(${contains('coOwners')} OR ${contains('owner')})`;
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const mention of mentions) {
    // A place with very many bureaus: matched on the text alone rather than a long IN list.
    if (mention.leadIds === null || mention.leadIds.length > MAX_LEADS_LISTED) {
      clauses.push(text);
      params.push(mention.text, mention.text);
    } else {
      clauses.push(`("bureauId" IN (${placeholders(mention.leadIds.length)}) AND ${text})`);
      params.push(...mention.leadIds, mention.text, mention.text);
    }
  }
  if (clauses.length === 0) return null;
  return {
    sql: `SELECT "id", "bureauId", "owner", "coOwners" FROM "plan_item" WHERE "supersededById" IS NULL AND (${clauses.join(' OR ')})`,
    params,
  };
}

/** The audit entries of participant changes (field `participants`, bureau ids before → after). */
export function participantAuditEntries(changes: ParticipantChange[], actorId: number | null): AuditEntry[] {
  return changes.map((c) => ({
    entityType: 'plan_item',
    entityId: c.taskId,
    actorId,
    action: 'correct',
    field: 'participants',
    before: c.before,
    after: c.after,
  }));
}

/**
 * Bureaus taking part in other bureaus' tasks (TaskParticipant), kept equal to what the tasks'
 * 牵头单位/配合单位 text resolves to (resolveUnits) whenever that text or the bureau directory changes.
 */
export class ParticipantRepository {
  private readonly rows: Repository<TaskParticipant>;

  constructor(db: DbHandle) {
    this.rows = db.getRepository(TaskParticipant);
  }

  private get manager() {
    return this.rows.manager;
  }

  async forTask(taskId: number): Promise<ParticipantView[]> {
    const rows = await queryBound<Record<string, unknown>>(
      this.manager,
      `SELECT p."bureauId" AS "bureauId", b."name" AS "bureauName", p."unit" AS "unit", p."role" AS "role"
         FROM "task_participant" p JOIN "bureau" b ON b."id" = p."bureauId" WHERE p."taskId" = ? ORDER BY p."id"`,
      [taskId],
    );
    return rows.map((r) => ({
      bureauId: Number(r.bureauId),
      bureauName: String(r.bureauName),
      unit: String(r.unit),
      role: r.role as ParticipantRole,
    }));
  }

  /** The participating bureaus of each of these tasks. */
  async bureausByTask(taskIds: number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    for (let i = 0; i < taskIds.length; i += ID_CHUNK) {
      const chunk = taskIds.slice(i, i + ID_CHUNK);
      const rows = await queryBound<{ taskId: unknown; bureauId: unknown }>(
        this.manager,
        `SELECT "taskId", "bureauId" FROM "task_participant" WHERE "taskId" IN (${placeholders(chunk.length)}) ORDER BY "id"`,
        chunk,
      );
      for (const r of rows) out.set(Number(r.taskId), [...(out.get(Number(r.taskId)) ?? []), Number(r.bureauId)]);
    }
    return out;
  }

  /** The tasks these bureaus take part in (the task list adds them to the bureaus' own). */
  async taskIdsFor(bureauIds: number[]): Promise<number[]> {
    if (bureauIds.length === 0) return [];
    const sql = participationsSql(bureauIds);
    const rows = await queryBound<{ taskId: unknown }>(this.manager, sql.sql, sql.params);
    return rows.map((r) => Number(r.taskId));
  }

  /** Every participation of open, current tasks (the reminder sweep's read). */
  async ofOpenTasks(openStatuses: readonly string[]): Promise<Map<number, number[]>> {
    const rows = await queryBound<{ taskId: unknown; bureauId: unknown }>(
      this.manager,
      `SELECT p."taskId" AS "taskId", p."bureauId" AS "bureauId" FROM "task_participant" p JOIN "plan_item" t ON t."id" = p."taskId"
        WHERE t."status" IN (${placeholders(openStatuses.length)}) AND t."supersededById" IS NULL ORDER BY p."id"`,
      [...openStatuses],
    );
    const out = new Map<number, number[]>();
    for (const r of rows) out.set(Number(r.taskId), [...(out.get(Number(r.taskId)) ?? []), Number(r.bureauId)]);
    return out;
  }

  /** Bureaus as resolving reads them (id, name, region, aliases), in id order. */
  private async bureausWhere(where: string, params: unknown[]): Promise<DirectoryBureau[]> {
    const rows = await queryBound<Record<string, unknown>>(
      this.manager,
      `SELECT "id", "name", "region", "aliases" FROM "bureau" WHERE ${where} ORDER BY "id"`,
      params,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: String(r.name),
      region: (r.region as string | null) ?? null,
      aliases: readJson<string[]>(r.aliases, []),
    }));
  }

  /** The whole directory units are resolved against: every bureau's name, region and aliases. */
  private async directory(): Promise<UnitDirectory> {
    return toDirectory(await this.bureausWhere('1 = 1', []));
  }

  /**
   * The part of the directory that resolving these tasks' units can read (namesLookedUp): their
   * lead bureaus and every bureau with a name or alias resolveUnits may ask for. Reading and
   * indexing every bureau for each upload cost more than the rest of storing it once bureaus ran
   * into thousands (BENCHMARKS.md, ingest). Many tasks at once (imports, the migration) read the
   * whole directory instead.
   */
  private async directoryFor(tasks: UnitsOfTask[]): Promise<UnitDirectory> {
    const leadIds = [...new Set(tasks.map((t) => t.bureauId))];
    if (leadIds.length > MAX_LEADS_LISTED) return this.directory();
    const leads = new Map(
      (await this.bureausWhere(`"id" IN (${placeholders(leadIds.length)})`, leadIds)).map((b) => [b.id, b]),
    );
    const names = new Set<string>();
    for (const task of tasks)
      for (const name of namesLookedUp(unitsOfTask(task), leads.get(task.bureauId) ?? null)) names.add(name);
    if (names.size > MAX_NAMES_LISTED) return this.directory();
    if (names.size === 0) return toDirectory([...leads.values()]);
    const named = await this.bureausWhere(`"name" IN (${placeholders(names.size)})`, [...names]);
    // Aliases are a small JSON list per bureau: a LIKE on it finds every bureau that may have one
    // of the names (a few more do no harm: only these names are looked up). Apart from the names'
    // IN, which the name index answers, so that only bureaus with aliases are scanned.
    const aliasLike = [...names].map(
      (name) =>
        `%${JSON.stringify(name)
          .slice(1, -1)
          .replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    );
    named.push(
      ...(await this.bureausWhere(
        `"aliases" <> '[]' AND (${aliasLike.map(() => `"aliases" LIKE ? ESCAPE '\\'`).join(' OR ')})`,
        aliasLike,
      )),
    );
    for (const b of named) leads.set(b.id, b);
    return toDirectory([...leads.values()].sort((a, b) => a.id - b.id));
  }

  /**
   * The bureaus mentionsOf may find `names` relative to: those whose place (region, or name when
   * they have none) holds the start of one of the names (placeStarts); no other bureau adds a
   * mention.
   */
  private async bureausPlacedFor(names: string[]): Promise<DirectoryBureau[]> {
    const starts = placeStarts(names);
    const place = `(CASE WHEN "region" IS NULL OR "region" = '' THEN "name" ELSE "region" END)`;
    return this.bureausWhere(
      starts.map(() => `${place} LIKE ? ESCAPE '\\'`).join(' OR '),
      starts.map((start) => `%${start.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
    );
  }

  private async unitsOf(where: string, params: unknown[]): Promise<UnitsOfTask[]> {
    const rows = await queryBound<Record<string, unknown>>(
      this.manager,
      `SELECT "id", "bureauId", "owner", "coOwners" FROM "plan_item" WHERE ${where} ORDER BY "id"`,
      params,
    );
    return rows.map(toUnitsOfTask);
  }

  /** Re-resolves the participants of these tasks (by id). */
  async syncTasks(taskIds: number[]): Promise<ParticipantChange[]> {
    const changes: ParticipantChange[] = [];
    for (let i = 0; i < taskIds.length; i += ID_CHUNK) {
      const chunk = taskIds.slice(i, i + ID_CHUNK);
      changes.push(...(await this.sync(await this.unitsOf(`"id" IN (${placeholders(chunk.length)})`, chunk))));
    }
    return changes;
  }

  /** Resolves the participants of a newly stored report's tasks. */
  async syncReport(reportId: number): Promise<ParticipantChange[]> {
    return this.sync(await this.unitsOf(`"reportId" = ? AND ("owner" IS NOT NULL OR "coOwners" <> '[]')`, [reportId]));
  }

  /**
   * A new report's tasks, and when its upload created its bureau (`created`), the tasks that may
   * name that bureau (syncMentioning).
   */
  async syncNewReport(
    reportId: number,
    created: Pick<DirectoryBureau, 'name' | 'region' | 'aliases'> | null,
  ): Promise<ParticipantChange[]> {
    const changes = await this.syncReport(reportId);
    if (created) changes.push(...(await this.syncMentioning(created)));
    return changes;
  }

  /**
   * After a bureau is added or renamed: re-resolves the current tasks whose units may name it
   * (mentionsOf: its name anywhere, or the rest of its name — 财政局 for 杭州市西湖区财政局 — only
   * in the tasks of bureaus in its place). Matching the rest alone in every task re-resolved
   * nearly all of them whenever an upload created a 司法局, which made ingestion slow down as
   * bureaus accumulated (BENCHMARKS.md, ingest).
   */
  async syncMentioning(bureau: Pick<DirectoryBureau, 'name' | 'region' | 'aliases'>): Promise<ParticipantChange[]> {
    const names = [...new Set([bureau.name, ...bureau.aliases])];
    const postgres = this.manager.connection.options.type === 'postgres';
    const query = mentioningSql(mentionsOf(bureau, await this.bureausPlacedFor(names)), postgres);
    if (!query) return [];
    const rows = await queryBound<Record<string, unknown>>(this.manager, query.sql, query.params);
    return this.sync(rows.map(toUnitsOfTask).sort((a, b) => a.id - b.id));
  }

  /** Writes what these tasks' units resolve to now; returns the tasks whose participants changed. */
  async sync(tasks: UnitsOfTask[]): Promise<ParticipantChange[]> {
    if (tasks.length === 0) return [];
    const { byName, byId } = await this.directoryFor(tasks);
    const current = await this.bureausByTask(tasks.map((t) => t.id));
    const changes: ParticipantChange[] = [];
    for (const task of tasks) {
      const lead = byId.get(task.bureauId) ?? null;
      const wanted = new Map<number, { unit: string; role: ParticipantRole }>();
      const take = (units: string[], role: ParticipantRole) => {
        for (const r of resolveUnits(units, lead, byName))
          if (r.bureauId !== null && r.bureauId !== task.bureauId && !wanted.has(r.bureauId))
            wanted.set(r.bureauId, { unit: r.unit.trim().slice(0, 200), role });
      };
      take(task.owner ? [task.owner] : [], 'lead');
      take(task.coOwners, 'co');
      const before = current.get(task.id) ?? [];
      const after = [...wanted.keys()];
      const gone = before.filter((b) => !wanted.has(b));
      const added = after.filter((b) => !before.includes(b));
      if (gone.length)
        await queryBound(
          this.manager,
          `DELETE FROM "task_participant" WHERE "taskId" = ? AND "bureauId" IN (${placeholders(gone.length)})`,
          [task.id, ...gone],
        );
      for (const bureauId of added) {
        const { unit, role } = wanted.get(bureauId)!;
        await queryBound(
          this.manager,
          'INSERT INTO "task_participant" ("taskId", "bureauId", "unit", "role") VALUES (?, ?, ?, ?)',
          [task.id, bureauId, unit, role],
        );
      }
      if (gone.length || added.length)
        changes.push({ taskId: task.id, before, after: before.filter((b) => !gone.includes(b)).concat(added) });
    }
    return changes;
  }

  /** Whether `bureauIds` (a viewer's visible set) includes a participant of the task. */
  async involves(taskId: number, bureauIds: number[]): Promise<boolean> {
    if (bureauIds.length === 0) return false;
    const [row] = await queryBound<{ n: unknown }>(
      this.manager,
      `SELECT COUNT(*) AS "n" FROM "task_participant" WHERE "taskId" = ? AND "bureauId" IN (${placeholders(bureauIds.length)})`,
      [taskId, ...bureauIds],
    );
    return readNumberOrNull(row?.n) !== 0;
  }
}
