import { Injectable } from '@nestjs/common';
import { ApiTokenRepository, UnitOfWork, UserRepository, type ApiToken, type User } from '@luoshi/db';
import type { Actor } from '../auth/actor.types';
import { toTokenDto } from '../auth/auth.service';
import { forbidden, notFound } from '../common/api-error';
import { BureauScopeService } from '../scope/bureau-scope.service';
import type { AdminApiTokenDto } from './api-token-admin.dto';

const staffRefused = () => forbidden('Staff cannot manage API tokens of others', '工作人员无权管理他人的API令牌');

/**
 * Everyone's personal API tokens, for administrators: admins see and revoke all, supervisors
 * those of the users of their subtree; revocations are audited. The secret is never read back.
 */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: ApiTokenRepository,
    private readonly users: UserRepository,
    private readonly scope: BureauScopeService,
  ) {}

  async list(actor: Actor): Promise<AdminApiTokenDto[]> {
    if (actor.role === 'staff') throw staffRefused();
    const visible = await this.scope.visibleBureauIds(actor);
    const owners = await this.users.listIn(visible);
    const byId = new Map(owners.map((u) => [u.id, u]));
    const rows = await this.tokens.listAll(visible === null ? null : owners.map((u) => u.id));
    const now = new Date();
    return rows.filter((t) => byId.has(t.userId)).map((t) => toAdminDto(t, byId.get(t.userId)!, now));
  }

  async revoke(actor: Actor, id: number): Promise<void> {
    const token = await this.tokens.findById(id);
    const owner = token ? await this.users.findById(token.userId) : null;
    const visible =
      owner !== null &&
      (actor.role === 'admin' || (owner.bureauId !== null && (await this.scope.canSee(actor, owner.bureauId))));
    if (!token || !owner || !visible) throw notFound('Token');
    if (actor.role === 'staff') throw staffRefused();
    await this.uow.run(async (tx) => {
      if (!(await tx.apiTokens.revokeById(id))) return;
      await tx.activity.record([
        {
          entityType: 'api_token',
          entityId: id,
          actorId: actor.userId,
          action: 'revoke',
          before: { name: token.name, userId: token.userId },
        },
      ]);
    });
  }
}

function toAdminDto(t: ApiToken, owner: User, now: Date): AdminApiTokenDto {
  const expired = t.expiresAt !== undefined && t.expiresAt !== null && t.expiresAt.getTime() <= now.getTime();
  return {
    ...toTokenDto(t),
    userId: t.userId,
    ownerEmail: owner.email,
    ownerName: owner.displayName,
    ownerBureauId: owner.bureauId,
    active: !t.revokedAt && !expired,
  };
}
