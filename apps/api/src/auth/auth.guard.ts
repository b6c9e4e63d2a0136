import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { LRUCache } from 'lru-cache';
import { ApiTokenRepository, UserRepository } from '@luoshi/db';
import type { Actor } from './actor.types';
import { IS_PUBLIC } from './auth.decorators';
import { API_TOKEN_PREFIX, hashToken } from './token.util';

interface AccessTokenPayload {
  sub: number;
  exp?: number;
}

/** Verified login tokens remembered at most this long (and never past their own expiry). */
const VERIFIED_TTL_MS = 5 * 60_000;

function unauthorized(): UnauthorizedException {
  return new UnauthorizedException({ message: 'Log in first: send Authorization: Bearer <token>', messageZh: '请先登录' });
}

/**
 * Every route needs a bearer token unless marked @Public(): a login token (JWT) or a personal API
 * token (lsk_…). The user is re-read on each request so role and bureau changes apply at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * Login tokens already verified → user id. Checking a JWT's signature on every request was ~7%
   * of the task list's CPU time (BENCHMARKS.md, list); a token's claims cannot change, so a hit is
   * as good as a fresh check until the token expires. The user row is still re-read every time.
   */
  private readonly verified = new LRUCache<string, number>({ max: 10_000 });

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
    const user = userId === null ? null : await this.users.identity(userId);
    if (!user) throw unauthorized();
    request.actor = { userId: user.id, email: user.email, displayName: user.displayName, role: user.role, bureauId: user.bureauId };
    return true;
  }

  private async apiTokenUser(token: string): Promise<number | null> {
    return (await this.tokens.useByHash(hashToken(token)))?.userId ?? null;
  }

  private async jwtUser(token: string): Promise<number | null> {
    const known = this.verified.get(token);
    if (known !== undefined) return known;
    let payload: AccessTokenPayload;
    try {
      payload = await this.jwt.verifyAsync<AccessTokenPayload>(token);
    } catch {
      return null;
    }
    if (typeof payload.sub !== 'number') return null;
    const ttl = Math.min(VERIFIED_TTL_MS, typeof payload.exp === 'number' ? payload.exp * 1000 - Date.now() : VERIFIED_TTL_MS);
    if (ttl > 0) this.verified.set(token, payload.sub, { ttl });
    return payload.sub;
  }
}
