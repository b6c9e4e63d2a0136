import { Injectable } from '@nestjs/common';
import { BureauRepository, participantAuditEntries, type Bureau, UnitOfWork } from '@luoshi/db';
import type { Actor } from '../auth/actor.types';
import { ApiError, forbidden, notFound } from '../common/api-error';
import { BureauScopeService } from '../scope/bureau-scope.service';
import type {
  BureauDto,
  BureauMergeResultDto,
  BureauUsageDto,
  CreateBureauDto,
  MergeBureauDto,
  UpdateBureauDto,
} from './bureau.dto';

const adminsOnly = () => forbidden('Only admins manage the bureau hierarchy', '仅管理员可维护单位层级');

export const toBureauDto = (b: Bureau): BureauDto => ({
  id: b.id,
  name: b.name,
  region: b.region,
  level: b.level,
  parentId: b.parentId,
  aliases: b.aliases,
});

/** The bureau hierarchy (province › city › district › town) and the names bureaus are printed under. */
@Injectable()
export class BureausService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly bureaus: BureauRepository,
    private readonly scope: BureauScopeService,
  ) {}

  async list(actor: Actor): Promise<BureauDto[]> {
    const visible = await this.scope.visibleBureauIds(actor);
    const rows = visible === null ? await this.bureaus.all() : await this.bureaus.byIds(visible);
    return rows.map(toBureauDto);
  }

  async detail(actor: Actor, id: number): Promise<BureauDto> {
    const bureau = await this.bureaus.findById(id);
    if (!bureau || !(await this.scope.canSee(actor, id))) throw notFound('Bureau');
    return toBureauDto(bureau);
  }

  /** Names and aliases are unique across bureaus, so a report's printed name finds one bureau. */
  private async assertNamesFree(names: string[], exceptId?: number): Promise<void> {
    for (const name of names) {
      const holder = await this.bureaus.findByNameOrAlias(name);
      if (holder && holder.id !== exceptId) {
        throw new ApiError(
          409,
          'NAME_TAKEN',
          `"${name}" already names bureau ${holder.id}`,
          `“${name}”已被其他单位使用`,
        );
      }
    }
  }

  async create(actor: Actor, dto: CreateBureauDto): Promise<BureauDto> {
    if (actor.role !== 'admin') throw adminsOnly();
    if (dto.parentId !== undefined && !(await this.bureaus.findById(dto.parentId))) throw notFound('Parent bureau');
    await this.assertNamesFree([dto.name, ...(dto.aliases ?? [])]);
    return this.uow.run(async (tx) => {
      const created = await tx.bureaus.create(dto);
      await tx.activity.record([
        {
          entityType: 'bureau',
          entityId: created.id,
          actorId: actor.userId,
          action: 'create',
          after: toBureauDto(created),
        },
      ]);
      // Tasks whose 配合单位 name the new bureau now involve it.
      await tx.activity.record(participantAuditEntries(await tx.participants.syncMentioning(created), actor.userId));
      return toBureauDto(created);
    });
  }

  /**
   * Rename, move or change aliases, audited. Admins anywhere; supervisors within their subtree, and
   * they move bureaus only below their own (never their own bureau, never to the top). A move that
   * would put a bureau under itself or its sub-bureaus is refused (422).
   */
  async update(actor: Actor, id: number, dto: UpdateBureauDto): Promise<BureauDto> {
    const bureau = await this.manageable(actor, id);
    if (dto.parentId !== undefined && actor.role === 'supervisor') {
      // A parent outside the subtree is as unknown to them as one that does not exist.
      if (dto.parentId !== null && !(await this.scope.canSee(actor, dto.parentId))) throw notFound('Parent bureau');
      if (id === actor.bureauId || dto.parentId === null) {
        throw forbidden(
          'Supervisors move bureaus only below their own bureau',
          '督查人员只能在本单位下级范围内调整单位隶属关系',
        );
      }
    }
    if (dto.parentId !== undefined && dto.parentId !== null) {
      if (!(await this.bureaus.findById(dto.parentId))) throw notFound('Parent bureau');
      if ((await this.bureaus.subtreeIds(id)).includes(dto.parentId)) {
        throw new ApiError(
          422,
          'HIERARCHY_CYCLE',
          'A bureau cannot sit under itself or its own sub-bureaus',
          '单位不能隶属于自身或其下级单位',
        );
      }
    }
    await this.assertNamesFree([...(dto.name ? [dto.name] : []), ...(dto.aliases ?? [])], id);
    return this.uow.run(async (tx) => {
      const updated = await tx.bureaus.update(id, dto);
      // Only the fields sent: the DTO instance declares the others as undefined.
      const sent = Object.keys(dto).filter((field) => (dto as Record<string, unknown>)[field] !== undefined);
      const entries = sent.map((field) => ({
        entityType: 'bureau',
        entityId: id,
        actorId: actor.userId,
        action: 'update',
        field,
        before: (bureau as unknown as Record<string, unknown>)[field],
        after: (updated as unknown as Record<string, unknown>)[field],
      }));
      await tx.activity.record(entries);
      if (dto.name !== undefined || dto.aliases !== undefined || dto.region !== undefined) {
        // Units that named it by its old names, or name it by its new ones, are resolved again.
        const changes = [
          ...(await tx.participants.syncMentioning(bureau)),
          ...(await tx.participants.syncMentioning(updated)),
        ];
        await tx.activity.record(participantAuditEntries(changes, actor.userId));
      }
      return toBureauDto(updated);
    });
  }

  /** What references the bureau, by kind (shown before a merge). */
  async usage(actor: Actor, id: number): Promise<BureauUsageDto> {
    await this.manageable(actor, id);
    return this.bureaus.usage(id);
  }

  /**
   * Merges a duplicate into the bureau that stays (admins only), in one transaction: its sub-bureaus,
   * users, reports, tasks, progress, outcomes, participations and channels move over, its names
   * become the target's aliases, it is deleted, and both sides are audited.
   */
  async merge(actor: Actor, id: number, dto: MergeBureauDto): Promise<BureauMergeResultDto> {
    const source = await this.manageable(actor, id);
    if (actor.role !== 'admin') throw forbidden('Only admins merge bureaus', '仅管理员可合并单位');
    if (dto.intoId === id) {
      throw new ApiError(422, 'MERGE_INTO_SELF', 'A bureau cannot be merged into itself', '不能将单位合并到其自身');
    }
    const target = await this.bureaus.findById(dto.intoId);
    if (!target) throw notFound('Target bureau');
    if ((await this.bureaus.subtreeIds(id)).includes(target.id)) {
      throw new ApiError(
        422,
        'HIERARCHY_CYCLE',
        'A bureau cannot be merged into one of its own sub-bureaus; move that one out first',
        '不能将单位合并到其下级单位，请先调整隶属关系',
      );
    }
    const shared = await this.bureaus.sharedReportCount(id, target.id);
    if (shared > 0) {
      throw new ApiError(
        409,
        'DUPLICATE_REPORTS',
        `${shared} report(s) were uploaded under both bureaus; delete the duplicates first`,
        `有${shared}份报告在两个单位下重复上传，请先删除重复的报告`,
        { shared },
      );
    }
    const aliases = [...new Set([...target.aliases, source.name, ...source.aliases])].filter((n) => n !== target.name);
    return this.uow.run(async (tx) => {
      const moved = await tx.bureaus.usage(id);
      await tx.bureaus.mergeInto(id, target.id);
      const merged = await tx.bureaus.update(target.id, { aliases });
      await tx.activity.record([
        {
          entityType: 'bureau',
          entityId: id,
          actorId: actor.userId,
          action: 'merge',
          before: toBureauDto(source),
          after: { intoId: target.id, moved },
        },
        {
          entityType: 'bureau',
          entityId: target.id,
          actorId: actor.userId,
          action: 'merge',
          field: 'aliases',
          before: target.aliases,
          after: merged.aliases,
        },
      ]);
      // Tasks that named the duplicate now resolve to the bureau that stays.
      await tx.activity.record(participantAuditEntries(await tx.participants.syncMentioning(merged), actor.userId));
      return { bureau: toBureauDto(merged), moved };
    });
  }

  /** A bureau the actor may administer: out of sight is not found; in sight but staff is a refusal by role. */
  private async manageable(actor: Actor, id: number): Promise<Bureau> {
    const bureau = await this.bureaus.findById(id);
    if (!bureau || !(await this.scope.canSee(actor, id))) throw notFound('Bureau');
    if (actor.role === 'staff') throw forbidden('Staff cannot manage bureaus', '工作人员无权维护单位信息');
    return bureau;
  }
}
