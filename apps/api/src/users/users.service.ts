import { Injectable } from '@nestjs/common';
import { BureauRepository, UserRepository, type User, UnitOfWork } from '@luoshi/db';
import { hashPassword, temporaryPassword } from '@luoshi/platform';
import type { Actor } from '../auth/actor.types';
import { ApiError, forbidden, notFound } from '../common/api-error';
import { BureauScopeService } from '../scope/bureau-scope.service';
import type { CreateUserDto, PasswordResetDto, PasswordResetResultDto, UpdateUserDto, UserDto } from './user.dto';

const toUserDto = (u: User): UserDto => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  bureauId: u.bureauId,
  disabled: Boolean(u.disabledAt),
  mustChangePassword: Boolean(u.mustChangePassword),
});

@Injectable()
export class UsersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly bureaus: BureauRepository,
    private readonly scope: BureauScopeService,
  ) {}

  async list(actor: Actor): Promise<UserDto[]> {
    return (await this.users.listIn(await this.scope.visibleBureauIds(actor))).map(toUserDto);
  }

  /** Admins create anyone; supervisors create staff inside their subtree; staff nobody. */
  async create(actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    if (actor.role === 'staff' || (actor.role === 'supervisor' && dto.role !== 'staff')) {
      throw forbidden(
        'Admins create users; supervisors may add staff to their bureaus',
        '仅管理员可创建用户，督查人员可为下级单位添加工作人员',
      );
    }
    if (dto.role !== 'admin' && dto.bureauId === undefined)
      throw new ApiError(400, 'VALIDATION', `A ${dto.role} needs a bureauId`, '该角色必须指定所属单位');
    if (dto.bureauId !== undefined) {
      if (!(await this.bureaus.findById(dto.bureauId)) || !(await this.scope.canSee(actor, dto.bureauId))) {
        throw new ApiError(422, 'BUREAU_NOT_FOUND', `No bureau ${dto.bureauId} you may manage`, '未找到可管理的该单位');
      }
    }
    if (await this.users.findByEmail(dto.email))
      throw new ApiError(409, 'EMAIL_TAKEN', 'A user with this e-mail already exists', '该邮箱已注册');
    const passwordHash = await hashPassword(dto.password);
    return this.uow.run(async (tx) => {
      const user = await tx.users.create({
        email: dto.email,
        displayName: dto.displayName,
        role: dto.role,
        bureauId: dto.bureauId ?? null,
        passwordHash,
      });
      await tx.activity.record([
        { entityType: 'user', entityId: user.id, actorId: actor.userId, action: 'create', after: toUserDto(user) },
      ]);
      return toUserDto(user);
    });
  }

  /**
   * Disable/enable, rename or change the role of an account, audited. Admins change anyone but
   * their own role or status (an admin locking themselves out); supervisors disable, enable and
   * rename staff of their subtree. A user the actor may not see is not found.
   */
  async update(actor: Actor, id: number, dto: UpdateUserDto): Promise<UserDto> {
    const target = await this.visibleAccount(actor, id);
    if (actor.role === 'supervisor' && (target.role !== 'staff' || dto.role !== undefined)) {
      throw forbidden(
        'Supervisors may disable, enable and rename staff; roles are changed by admins',
        '督查人员仅可停用、启用或更名工作人员账号，角色由管理员调整',
      );
    }
    if (target.id === actor.userId && (dto.role !== undefined || dto.disabled !== undefined)) {
      throw new ApiError(
        422,
        'SELF_CHANGE',
        'You cannot change your own role or disable yourself; ask another administrator',
        '不能修改自己的角色或停用自己，请联系其他管理员',
      );
    }
    if (dto.role !== undefined && dto.role !== 'admin' && target.bureauId === null) {
      throw new ApiError(
        422,
        'BUREAU_REQUIRED',
        `A ${dto.role} needs a bureau; this user has none`,
        '该角色必须属于某个单位，此用户未指定单位',
      );
    }
    const before = toUserDto(target);
    return this.uow.run(async (tx) => {
      const after = toUserDto(await tx.users.changeAccount(id, dto));
      await tx.activity.record([
        { entityType: 'user', entityId: id, actorId: actor.userId, action: 'update', before, after },
      ]);
      return after;
    });
  }

  /**
   * Sets a temporary password (the one given, or a generated one returned once), marks the user
   * to change it, ends their sessions and revokes their API tokens (a reset usually follows a lost or
   * misused account: a script's token made by whoever held it must not outlive it; the user makes
   * new ones); audited without the password. Admins reset anyone but
   * themselves (they change their own), supervisors the staff of their subtree.
   */
  async resetPassword(actor: Actor, id: number, dto: PasswordResetDto): Promise<PasswordResetResultDto> {
    const target = await this.visibleAccount(actor, id);
    if (actor.role === 'supervisor' && target.role !== 'staff') {
      throw forbidden(
        'Supervisors reset the passwords of staff; other accounts are reset by admins',
        '督查人员仅可重置工作人员的密码，其他账号由管理员重置',
      );
    }
    if (target.id === actor.userId) {
      throw new ApiError(
        422,
        'SELF_CHANGE',
        'Change your own password with POST /api/auth/password',
        '请通过“修改密码”修改自己的密码',
      );
    }
    const generated = dto.password === undefined ? temporaryPassword() : null;
    const passwordHash = await hashPassword(dto.password ?? generated!);
    await this.uow.run(async (tx) => {
      await tx.users.resetPassword(id, passwordHash);
      const apiTokensRevoked = await tx.apiTokens.revokeAllOf(id);
      await tx.activity.record([
        {
          entityType: 'user',
          entityId: id,
          actorId: actor.userId,
          action: 'password-reset',
          field: 'password',
          after: { mustChangePassword: true, generated: generated !== null, apiTokensRevoked },
        },
      ]);
    });
    return { userId: id, temporaryPassword: generated, mustChangePassword: true };
  }

  /** An account the actor may manage: out of sight is not found, like any other resource; in sight but staff is a refusal by role. */
  private async visibleAccount(actor: Actor, id: number): Promise<User> {
    const target = await this.users.findById(id);
    const visible =
      target !== null &&
      (actor.role === 'admin' || (target.bureauId !== null && (await this.scope.canSee(actor, target.bureauId))));
    if (!target || !visible) throw notFound('User');
    if (actor.role === 'staff') throw forbidden('Staff cannot manage accounts', '工作人员无权管理账号');
    return target;
  }
}
