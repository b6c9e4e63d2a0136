import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { Actor } from './actor.types';
import { allowsPendingPassword, passwordChangeRequired, unauthorized, type AuthRequest } from './auth.guard';

/** Whether two actors would let a handler see and do the same things. */
function sameActor(a: Actor, b: Actor): boolean {
  return (
    a.userId === b.userId &&
    a.role === b.role &&
    a.bureauId === b.bureauId &&
    a.treeVersion === b.treeVersion &&
    a.mustChangePassword === b.mustChangePassword &&
    a.email === b.email &&
    a.displayName === b.displayName &&
    a.via === b.via
  );
}

/**
 * The second half of AuthGuard's early start: a handler that ran on the cached actor is answered
 * only once the identity read beside it agrees. A user disabled, logged out or reset since gets
 * 401/403 and the computed answer (or error) is dropped; a changed role, bureau or bureau tree
 * runs the handler again with the fresh actor. Requests that waited for their identity pass through.
 * With an IdentityFold the fresh identity is the one the handler read in its own statement, or is
 * read once the handler is done when it did not (a refused query, a SQLite list thread).
 */
@Injectable()
export class IdentityRecheckInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthRequest>();
    const recheck = request.identityRecheck;
    const fold = request.identityFold;
    if (fold) return from(this.answer(context, next, request, () => fold.actor()));
    if (!recheck) return next.handle();
    return from(this.answer(context, next, request, () => recheck));
  }

  private async answer(
    context: ExecutionContext,
    next: CallHandler,
    request: AuthRequest,
    /** The fresh actor, asked for once the handler is done (an IdentityFold's may come from the handler's own read). */
    recheck: () => Promise<Actor | null>,
  ): Promise<unknown> {
    const assumed = request.actor!;
    const outcome = await lastValueFrom(next.handle(), { defaultValue: undefined }).then(
      (value: unknown) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const fresh = await recheck();
    request.identityRecheck = undefined;
    request.identityFold = undefined;
    if (!fresh) throw unauthorized();
    if (fresh.mustChangePassword && !allowsPendingPassword(this.reflector, context)) throw passwordChangeRequired();
    if (!sameActor(fresh, assumed)) {
      request.actor = fresh;
      return lastValueFrom(next.handle(), { defaultValue: undefined });
    }
    if (outcome.ok) return outcome.value;
    throw outcome.error;
  }
}
