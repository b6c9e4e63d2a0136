import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor } from './actor.types';
import { ApiError } from '../common/api-error';
import { ALLOWS_PENDING_PASSWORD, IS_PUBLIC } from './auth.decorators';
import { TokenAuthService } from './token-auth.service';

function unauthorized(): UnauthorizedException {
  return new UnauthorizedException({
    message: 'Log in first: send Authorization: Bearer <token>',
    messageZh: '请先登录',
  });
}

/** The user's password was reset by an administrator: nothing but changing it (or logging out) until they do. */
export function passwordChangeRequired(): ApiError {
  return new ApiError(
    403,
    'PASSWORD_CHANGE_REQUIRED',
    'An administrator reset your password: change it (POST /api/auth/password) before doing anything else',
    '管理员已重置您的密码，请先修改密码后再继续操作',
  );
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
    if (
      actor.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(ALLOWS_PENDING_PASSWORD, [context.getHandler(), context.getClass()])
    ) {
      throw passwordChangeRequired();
    }
    request.actor = actor;
    return true;
  }
}
