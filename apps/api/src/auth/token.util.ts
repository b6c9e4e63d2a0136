import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'lsk_';

/** A new personal API token (shown once) and the hash that is stored. */
export function newApiToken(): { token: string; hash: string } {
  const token = `${API_TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newCalendarToken(): string {
  return randomBytes(24).toString('base64url');
}
