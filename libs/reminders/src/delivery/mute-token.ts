import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long the "stop reminding me" link of an e-mail works: past it, the dashboard's settings do the same. */
export const MUTE_TOKEN_TTL_DAYS = 90;

function signature(userId: number, taskId: number, expires: number, secret: string): string {
  return createHmac('sha256', secret).update(`mute:${userId}:${taskId}:${expires}`).digest('base64url');
}

/**
 * A token for the "stop reminding me about this task" link: userId.taskId.expires.signature
 * (HMAC-SHA256 over all three; `expires` in Unix seconds, {@link MUTE_TOKEN_TTL_DAYS} after `now`).
 */
export function signMuteToken(userId: number, taskId: number, secret: string, now: Date = new Date()): string {
  const expires = Math.floor(now.getTime() / 1000) + MUTE_TOKEN_TTL_DAYS * 86_400;
  return `${userId}.${taskId}.${expires}.${signature(userId, taskId, expires, secret)}`;
}

export type MuteTokenCheck =
  { ok: true; userId: number; taskId: number } | { ok: false; reason: 'invalid' | 'expired' };

/** The user and task a mute token names; `invalid` when it was not signed with `secret`, `expired` past its day. */
export function verifyMuteToken(token: string, secret: string, now: Date = new Date()): MuteTokenCheck {
  const m = /^(\d{1,10})\.(\d{1,10})\.(\d{1,12})\.([A-Za-z0-9_-]{20,64})$/.exec(token);
  if (!m) return { ok: false, reason: 'invalid' };
  const [userId, taskId, expires] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const expected = Buffer.from(signature(userId, taskId, expires, secret));
  const given = Buffer.from(m[4]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  if (expires * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, userId, taskId };
}
