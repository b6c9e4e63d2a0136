import { UserRepository } from '@luoshi/db';

/**
 * The account a login request is aimed at, as the per-account throttler counts it: the e-mail
 * normalised as users are looked up, so `Admin@X.cn ` and `admin@x.cn` share one allowance.
 * Runs before validation, so the body may be anything.
 */
/** Marks the per-account throttler's keys apart from the per-address ones. */
export const ACCOUNT_TRACKER_PREFIX = 'account:';

export function loginAccountOf(request: Record<string, unknown>): string {
  const body = request.body as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? UserRepository.normaliseEmail(body.email).slice(0, 254) : '';
  return `${ACCOUNT_TRACKER_PREFIX}${email}`;
}
