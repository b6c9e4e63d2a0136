import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiTokenRepository, UserRepository, type ApiToken } from '@luoshi/db';
import { hashPassword, verifyPassword } from '@luoshi/platform';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { ApiError, forbidden, notFound } from '../common/api-error';
import type { Actor } from './actor.types';
import type { ApiTokenDto, CreatedApiTokenDto, LoginResponseDto } from './auth.dto';
import { newApiToken } from './token.util';

@Injectable()
export class AuthService {
  /**
   * Checked against when the e-mail is unknown, so an unknown address costs the same scrypt work as
   * a wrong password: answering 5 ms instead of 40 ms told which e-mails have accounts.
   */
  private readonly dummyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    private readonly users: UserRepository,
    private readonly tokens: ApiTokenRepository,
    private readonly jwt: JwtService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** The same answer, in the same time, for an unknown e-mail and a wrong password, so neither can be probed. */
  async login(email: string, password: string): Promise<LoginResponseDto> {
    const user = await this.users.findByEmailWithPasswordHash(email);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.dummyHash));
    if (!user || !ok) throw badCredentials();
    if (user.disabledAt)
      throw new ApiError(
        403,
        'ACCOUNT_DISABLED',
        'This account is disabled; ask an administrator',
        '该账号已停用，请联系管理员',
      );
    return this.issue(user.id, user.tokenVersion, user.mustChangePassword);
  }

  /** Ends every login token of the actor (on every device); personal API tokens are revoked one by one. */
  async logout(actor: Actor): Promise<void> {
    await this.users.endSessions(actor.userId);
  }

  /** Needs the current password and a login (not an API token); ends every other session and returns a new token. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<LoginResponseDto> {
    requireLogin(actor, 'change the password', '修改密码');
    const stored = await this.users.passwordHashOf(actor.userId);
    if (!stored || !(await verifyPassword(currentPassword, stored))) {
      throw new ApiError(422, 'BAD_CURRENT_PASSWORD', 'The current password is wrong', '当前密码不正确');
    }
    if (currentPassword === newPassword)
      throw new ApiError(
        422,
        'SAME_PASSWORD',
        'The new password is the same as the current one',
        '新密码不能与当前密码相同',
      );
    const version = await this.users.changePassword(actor.userId, await hashPassword(newPassword));
    return this.issue(actor.userId, version, false);
  }

  /** Only a login may mint API tokens: a leaked token must not be able to make itself successors. */
  async createToken(actor: Actor, name: string, expiresInDays?: number): Promise<CreatedApiTokenDto> {
    requireLogin(actor, 'create API tokens', '创建API令牌');
    const { token, hash } = newApiToken();
    const expiresAt = expiresInDays === undefined ? undefined : new Date(Date.now() + expiresInDays * 86_400_000);
    const saved = await this.tokens.create(actor.userId, name, hash, expiresAt);
    return { ...toTokenDto(saved), token };
  }

  async listTokens(actor: Actor): Promise<ApiTokenDto[]> {
    return (await this.tokens.listFor(actor.userId)).map(toTokenDto);
  }

  async revokeToken(actor: Actor, id: number): Promise<void> {
    if (!(await this.tokens.revoke(actor.userId, id))) throw notFound('Token');
  }

  private async issue(userId: number, tokenVersion: number, mustChangePassword: boolean): Promise<LoginResponseDto> {
    const accessToken = await this.jwt.signAsync({ sub: userId, ver: tokenVersion });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.auth.jwtTtlSeconds, mustChangePassword };
  }
}

function badCredentials(): ApiError {
  return new ApiError(401, 'BAD_CREDENTIALS', 'Wrong e-mail or password', '邮箱或密码错误');
}

function requireLogin(actor: Actor, what: string, whatZh: string): void {
  if (actor.via !== 'login')
    throw forbidden(
      `Log in with your password to ${what}; an API token may not`,
      `请使用密码登录后${whatZh}（API令牌无此权限）`,
    );
}

export function toTokenDto(t: ApiToken): ApiTokenDto {
  return {
    id: t.id,
    name: t.name,
    lastUsedAt: t.lastUsedAt ?? null,
    revokedAt: t.revokedAt ?? null,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt ?? null,
  };
}
