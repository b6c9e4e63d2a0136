import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor } from './actor.types';
import type { IdentityFold } from './identity-fold';

export const IS_PUBLIC = 'luoshi:public';

/** Marks a route that needs no login (health, login itself, calendar feeds with their own token). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

export const ALLOWS_PENDING_PASSWORD = 'luoshi:allows-pending-password';

/**
 * A route a user whose password an administrator reset may still call (who am I, change the
 * password, log out); every other route answers 403 PASSWORD_CHANGE_REQUIRED until they change it.
 */
export const AllowsPendingPasswordChange = (): MethodDecorator => SetMetadata(ALLOWS_PENDING_PASSWORD, true);

export const FRESH_IDENTITY = 'luoshi:fresh-identity';

/**
 * A GET route that must not run before the caller's identity is confirmed: one that writes
 * (creates a calendar token, audits a download) or sends its own reply (`@Res()`, detected
 * without this mark). Other GET and HEAD routes may run on the identity cached for the token while
 * it is re-read beside them (IdentityRecheckInterceptor); POST, PATCH, PUT and DELETE always wait.
 */
export const FreshIdentity = (): MethodDecorator => SetMetadata(FRESH_IDENTITY, true);

/** The authenticated {@link Actor} of the request. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});

export const FOLDS_IDENTITY = 'luoshi:folds-identity';

/**
 * A GET route whose handler can read the caller's identity inside its own statement (see
 * {@link IdentityFold}): on the cached-actor path it gets a fold ({@link IdentityFoldOf}) instead
 * of a separate identity read beside it.
 */
export const FoldsIdentity = (): MethodDecorator => SetMetadata(FOLDS_IDENTITY, true);

/** The request's {@link IdentityFold}, when AuthGuard offered one (a {@link FoldsIdentity} route on the cached path). */
export const IdentityFoldOf = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): IdentityFold | undefined =>
    ctx.switchToHttp().getRequest<{ identityFold?: IdentityFold }>().identityFold,
);
