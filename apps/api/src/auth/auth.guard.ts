import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Reflector } from '@nestjs/core';
import type { Actor } from './actor.types';
import { ApiError } from '../common/api-error';
import { ALLOWS_PENDING_PASSWORD, FOLDS_IDENTITY, FRESH_IDENTITY, IS_PUBLIC } from './auth.decorators';
import type { IdentityFold } from './identity-fold';
import { TokenAuthService } from './token-auth.service';

export function unauthorized(): UnauthorizedException {
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

/** A request as the guard and IdentityRecheckInterceptor see it. */
export interface AuthRequest {
  method?: string;
  headers: Record<string, string | undefined>;
  actor?: Actor;
  /**
   * Set when the handler runs on the token's cached actor: the fresh identity, being read beside
   * the handler. IdentityRecheckInterceptor awaits it before anything is answered.
   */
  identityRecheck?: Promise<Actor | null>;
  /** Instead of `identityRecheck`, on a route that reads the identity in its own statement (@FoldsIdentity). */
  identityFold?: IdentityFold;
}

/** Methods that read only: they may run on the cached actor while it is re-read (see {@link FreshIdentity}). */
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Every route needs a bearer token unless marked @Public(): see {@link TokenAuthService}. A GET or
 * HEAD whose token was seen before runs at once on the actor it had then, and its fresh identity
 * is read at the same time (on PostgreSQL on a second pooled connection): the interceptor answers
 * only once that read agrees, answers 401/403 when the user was disabled, logged out or reset
 * meanwhile, and runs the handler again with the fresh actor when the role, bureau or bureau tree
 * changed. A route marked @FoldsIdentity gets an IdentityFold instead, to read the identity in its
 * own statement. Anything else waits for the fresh identity first.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** Handlers that send their own reply (`@Res()`), which no later check could take back. */
  private readonly ownReply = new WeakMap<object, boolean>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenAuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const token = bearerToken(request.headers);
    if (!token) throw unauthorized();
    const cached = this.mayRunAhead(context, request) ? this.tokens.cachedActor(token) : undefined;
    if (cached && !cached.mustChangePassword) {
      request.actor = cached;
      const fold = this.reflector.get<boolean>(FOLDS_IDENTITY, context.getHandler())
        ? this.tokens.identityFold(token)
        : null;
      if (fold) {
        request.identityFold = fold;
        return true;
      }
      request.identityRecheck = this.tokens.actorFor(token);
      // Awaited by IdentityRecheckInterceptor; this only keeps a failed read from being reported
      // as unhandled should the request end before it gets there.
      request.identityRecheck.catch(() => undefined);
      return true;
    }
    const actor = await this.tokens.actorFor(token);
    if (!actor) throw unauthorized();
    if (actor.mustChangePassword && !allowsPendingPassword(this.reflector, context)) throw passwordChangeRequired();
    request.actor = actor;
    return true;
  }

  /** A safe request to a route that neither writes nor sends its own reply. */
  private mayRunAhead(context: ExecutionContext, request: AuthRequest): boolean {
    if (!SAFE_METHODS.has(request.method ?? '')) return false;
    const handler = context.getHandler();
    if (this.reflector.get<boolean>(FRESH_IDENTITY, handler)) return false;
    let ownReply = this.ownReply.get(handler);
    if (ownReply === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as object;
      ownReply = Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.RESPONSE));
      this.ownReply.set(handler, ownReply);
    }
    return !ownReply;
  }
}

/** Whether the route answers a user whose password an administrator reset (see AllowsPendingPasswordChange). */
export function allowsPendingPassword(reflector: Reflector, context: ExecutionContext): boolean {
  return (
    reflector.getAllAndOverride<boolean>(ALLOWS_PENDING_PASSWORD, [context.getHandler(), context.getClass()]) === true
  );
}
