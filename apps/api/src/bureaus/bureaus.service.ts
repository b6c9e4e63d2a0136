import { Injectable } from '@nestjs/common';
import { BureauRepository, participantAuditEntries, type Bureau, UnitOfWork } from '@luoshi/db';
import type { Actor } from '../auth/actor.types';
import { ApiError, forbidden, notFound } from '../common/api-error';
import { BureauScopeService } from '../scope/bureau-scope.service';
import type { BureauDto, CreateBureauDto, UpdateBureauDto } from './bureau.dto';

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

  async update(actor: Actor, id: number, dto: UpdateBureauDto): Promise<BureauDto> {
    if (actor.role !== 'admin') throw adminsOnly();
    const bureau = await this.bureaus.findById(id);
    if (!bureau) throw notFound('Bureau');
    if (dto.parentId !== undefined && dto.parentId !== null) {
      if (!(await this.bureaus.findById(dto.parentId))) throw notFound('Parent bureau');
      if ((await this.bureaus.subtreeIds(id)).includes(dto.parentId)) {
        throw new ApiError(
          409,
          'HIERARCHY_CYCLE',
          'A bureau cannot sit under itself or its own sub-bureaus',
          '单位不能隶属于自身或其下级单位',
        );
      }
    }
    await this.assertNamesFree([...(dto.name ? [dto.name] : []), ...(dto.aliases ?? [])], id);
    return this.uow.run(async (tx) => {
      const updated = await tx.bureaus.update(id, dto);
      const entries = Object.keys(dto).map((field) => ({
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
}
