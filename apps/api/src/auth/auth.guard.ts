import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ApiTokenRepository, UserRepository } from '@luoshi/db';
import type { Actor } from './actor.types';
import { IS_PUBLIC } from './auth.decorators';
import { API_TOKEN_PREFIX, hashToken } from './token.util';

interface AccessTokenPayload {
  sub: number;
}

function unauthorized(): UnauthorizedException {
  return new UnauthorizedException({ message: 'Log in first: send Authorization: Bearer <token>', messageZh: '请先登录' });
}

/**
 * Every route needs a bearer token unless marked @Public(): a login token (JWT) or a personal API
 * token (lsk_…). The user is re-read on each request so role and bureau changes apply at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UserRepository,
    private readonly tokens: ApiTokenRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const header = request.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) throw unauthorized();
    const userId = token.startsWith(API_TOKEN_PREFIX) ? await this.apiTokenUser(token) : await this.jwtUser(token);
    const user = userId === null ? null : await this.users.findById(userId);
    if (!user) throw unauthorized();
    request.actor = { userId: user.id, email: user.email, displayName: user.displayName, role: user.role, bureauId: user.bureauId };
    return true;
  }

  private async apiTokenUser(token: string): Promise<number | null> {
    return (await this.tokens.useByHash(hashToken(token)))?.userId ?? null;
  }

  private async jwtUser(token: string): Promise<number | null> {
    try {
      const payload = await this.jwt.verifyAsync<AccessTokenPayload>(token);
      return typeof payload.sub === 'number' ? payload.sub : null;
    } catch {
      return null;
    }
  }
}
