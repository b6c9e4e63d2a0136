import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { LRUCache } from 'lru-cache';
import { ApiTokenRepository, UserRepository, type UserIdentity } from '@luoshi/db';
import type { Actor } from './actor.types';
import { IdentityFold } from './identity-fold';
import { API_TOKEN_PREFIX, hashToken } from './token.util';

interface AccessTokenPayload {
  sub: number;
  /** The user's token version when the token was issued: logout, password change and disabling raise it. */
  ver?: number;
  exp?: number;
}

/** What a verified login token says: whose it is and which of the user's token versions. */
interface VerifiedLogin {
  userId: number;
  version: number;
}

/** Login tokens are HMAC-SHA256 only: a token naming any other algorithm (none, RS256…) is refused. */
export const JWT_ALGORITHM = 'HS256';

/** Verified login tokens remembered at most this long (and never past their own expiry). */
const VERIFIED_TTL_MS = 5 * 60_000;

/** The last identity a token was found to have, remembered at most this long after it was read. */
const ACTOR_TTL_MS = 5 * 60_000;

/**
 * Who a bearer token belongs to: a login token (JWT) or a personal API token (lsk_…). The user is
 * re-read on every call so role changes, disabling and logout apply at once. Used by the global
 * AuthGuard and by the pages that live outside Nest's routing (queue dashboard, API docs).
 */
@Injectable()
export class TokenAuthService {
  /**
   * Login tokens already verified. Checking a JWT's signature on every request was ~7% of the task
   * list's CPU time (BENCHMARKS.md, list); a token's claims cannot change, so a hit is as good as a
   * fresh check until the token expires. The user row is still re-read every time.
   */
  private readonly verified = new LRUCache<string, VerifiedLogin>({ max: 10_000 });

  /**
   * The actor each token last resolved to. Never an answer on its own: a safe request may start
   * with it while actorFor re-reads the user beside the handler, and the answer waits for that
   * re-read (AuthGuard, IdentityRecheckInterceptor) — so the list's identity query and its page
   * overlap instead of following each other, and a disabled user still stops on the next request.
   */
  private readonly actors = new LRUCache<string, Actor>({ max: 10_000, ttl: ACTOR_TTL_MS });

  constructor(
    private readonly jwt: JwtService,
    private readonly users: UserRepository,
    private readonly tokens: ApiTokenRepository,
  ) {}

  /** The actor behind `token`, or null for a bad, expired, ended or revoked token or a disabled user. */
  async actorFor(token: string): Promise<Actor | null> {
    return this.remember(token, await this.readActor(token));
  }

  /** What `token` resolved to the last time (see `actors`): a guess to be confirmed by actorFor. */
  cachedActor(token: string): Actor | undefined {
    return this.actors.get(token);
  }

  /**
   * For a login token verified before (and so known without a read): an {@link IdentityFold} that
   * lets the handler read the user's identity in its own statement. Personal API tokens are read
   * alone, as their use is recorded (ApiTokenRepository.useByHash).
   */
  identityFold(token: string): IdentityFold | null {
    if (token.startsWith(API_TOKEN_PREFIX)) return null;
    const login = this.verified.get(token);
    if (!login) return null;
    return new IdentityFold(
      login.userId,
      (identity) => this.remember(token, actorOf(identity, login, 'login')),
      () => this.actorFor(token),
    );
  }

  private remember(token: string, actor: Actor | null): Actor | null {
    if (actor) this.actors.set(token, actor);
    else this.actors.delete(token);
    return actor;
  }

  private async readActor(token: string): Promise<Actor | null> {
    const via = token.startsWith(API_TOKEN_PREFIX) ? 'api-token' : 'login';
    const login = via === 'login' ? await this.jwtUser(token) : null;
    const userId = via === 'login' ? (login?.userId ?? null) : await this.apiTokenUser(token);
    return actorOf(userId === null ? null : await this.users.identity(userId), login, via);
  }

  private async apiTokenUser(token: string): Promise<number | null> {
    return (await this.tokens.useByHash(hashToken(token)))?.userId ?? null;
  }

  private async jwtUser(token: string): Promise<VerifiedLogin | null> {
    const known = this.verified.get(token);
    if (known !== undefined) return known;
    let payload: AccessTokenPayload;
    try {
      payload = await this.jwt.verifyAsync<AccessTokenPayload>(token, { algorithms: [JWT_ALGORITHM] });
    } catch {
      return null;
    }
    // A token without an expiry would be good forever: refused, whoever signed it.
    if (typeof payload.sub !== 'number' || typeof payload.exp !== 'number') return null;
    const login = { userId: payload.sub, version: typeof payload.ver === 'number' ? payload.ver : 0 };
    const ttl = Math.min(VERIFIED_TTL_MS, payload.exp * 1000 - Date.now());
    if (ttl > 0) this.verified.set(token, login, { ttl });
    return login;
  }
}

/** The actor for an identity read, or null when the user is gone or disabled, or a login token's version has ended. */
function actorOf(user: UserIdentity | null, login: VerifiedLogin | null, via: Actor['via']): Actor | null {
  // A disabled account stops at once, whatever the token; a login token also ends with its version.
  if (!user || user.disabled || (login !== null && login.version !== user.tokenVersion)) return null;
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    bureauId: user.bureauId,
    treeVersion: user.treeVersion,
    mustChangePassword: user.mustChangePassword,
    via,
  };
}
