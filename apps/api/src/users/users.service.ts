import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ActivityRepository, BureauRepository, UserRepository, type User } from '@luoshi/db';
import { hashPassword } from '@luoshi/platform';
import type { Actor } from '../auth/actor.types';
import { ApiError, forbidden } from '../common/api-error';
import { BureauScopeService } from '../scope/bureau-scope.service';
import type { CreateUserDto, UserDto } from './user.dto';

const toUserDto = (u: User): UserDto => ({ id: u.id, email: u.email, displayName: u.displayName, role: u.role, bureauId: u.bureauId });

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
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
      throw forbidden('Admins create users; supervisors may add staff to their bureaus', '仅管理员可创建用户，督查人员可为下级单位添加工作人员');
    }
    if (dto.role !== 'admin' && dto.bureauId === undefined) throw new ApiError(400, 'VALIDATION', `A ${dto.role} needs a bureauId`, '该角色必须指定所属单位');
    if (dto.bureauId !== undefined) {
      if (!(await this.bureaus.findById(dto.bureauId)) || !(await this.scope.canSee(actor, dto.bureauId))) {
        throw new ApiError(422, 'BUREAU_NOT_FOUND', `No bureau ${dto.bureauId} you may manage`, '未找到可管理的该单位');
      }
    }
    if (await this.users.findByEmail(dto.email)) throw new ApiError(409, 'EMAIL_TAKEN', 'A user with this e-mail already exists', '该邮箱已注册');
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (m) => {
      const user = await new UserRepository(m).create({ email: dto.email, displayName: dto.displayName, role: dto.role, bureauId: dto.bureauId ?? null, passwordHash });
      await new ActivityRepository(m).record([{ entityType: 'user', entityId: user.id, actorId: actor.userId, action: 'create', after: toUserDto(user) }]);
      return toUserDto(user);
    });
  }
}
