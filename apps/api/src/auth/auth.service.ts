import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiTokenRepository, UserRepository, type ApiToken } from '@luoshi/db';
import { verifyPassword } from '@luoshi/platform';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { ApiError, notFound } from '../common/api-error';
import type { Actor } from './actor.types';
import type { ApiTokenDto, CreatedApiTokenDto, LoginResponseDto } from './auth.dto';
import { newApiToken } from './token.util';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly tokens: ApiTokenRepository,
    private readonly jwt: JwtService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** The same answer for an unknown e-mail and a wrong password, so neither can be probed. */
  async login(email: string, password: string): Promise<LoginResponseDto> {
    const user = await this.users.findByEmailWithPasswordHash(email);
    const ok = user ? await verifyPassword(password, user.passwordHash) : false;
    if (!user || !ok) throw new ApiError(401, 'BAD_CREDENTIALS', 'Wrong e-mail or password', '邮箱或密码错误');
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.auth.jwtTtlSeconds };
  }

  async createToken(actor: Actor, name: string): Promise<CreatedApiTokenDto> {
    const { token, hash } = newApiToken();
    const saved = await this.tokens.create(actor.userId, name, hash);
    return { ...toTokenDto(saved), token };
  }

  async listTokens(actor: Actor): Promise<ApiTokenDto[]> {
    return (await this.tokens.listFor(actor.userId)).map(toTokenDto);
  }

  async revokeToken(actor: Actor, id: number): Promise<void> {
    if (!(await this.tokens.revoke(actor.userId, id))) throw notFound('Token');
  }
}

function toTokenDto(t: ApiToken): ApiTokenDto {
  return { id: t.id, name: t.name, lastUsedAt: t.lastUsedAt ?? null, revokedAt: t.revokedAt ?? null, createdAt: t.createdAt };
}
