import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor } from './actor.types';
import { IS_PUBLIC } from './auth.decorators';
import { TokenAuthService } from './token-auth.service';

function unauthorized(): UnauthorizedException {
  return new UnauthorizedException({
    message: 'Log in first: send Authorization: Bearer <token>',
    messageZh: '请先登录',
  });
}

/** The bearer token of a request, if it sent one. */
export function bearerToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers.authorization;
  return typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
}

/** Every route needs a bearer token unless marked @Public(): see {@link TokenAuthService}. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenAuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: Actor }>();
    const token = bearerToken(request.headers);
    const actor = token ? await this.tokens.actorFor(token) : null;
    if (!actor) throw unauthorized();
    request.actor = actor;
    return true;
  }
}
