import { createHmac, timingSafeEqual } from 'node:crypto';

/** A token for the "stop reminding me about this task" link: userId.taskId.signature (HMAC-SHA256). */
export function signMuteToken(userId: number, taskId: number, secret: string): string {
  const sig = createHmac('sha256', secret).update(`mute:${userId}:${taskId}`).digest('base64url');
  return `${userId}.${taskId}.${sig}`;
}

/** The user and task a mute token names, or null when it was not signed with `secret`. */
export function verifyMuteToken(token: string, secret: string): { userId: number; taskId: number } | null {
  const m = /^(\d{1,10})\.(\d{1,10})\.([A-Za-z0-9_-]{20,})$/.exec(token);
  if (!m) return null;
  const expected = Buffer.from(signMuteToken(Number(m[1]), Number(m[2]), secret));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { userId: Number(m[1]), taskId: Number(m[2]) } : null;
}
