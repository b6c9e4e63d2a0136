/**
 * A permanent SMTP refusal (5xx: no such mailbox, policy rejection) must not be retried; a
 * transient one (4xx greylisting, a dropped connection, a timeout) should be.
 */
export function isPermanentSmtpError(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  if (typeof code === 'number') return code >= 500 && code < 600;
  return (err as { code?: unknown } | null)?.code === 'EENVELOPE' && /\b5\d\d\b/.test(String((err as Error).message));
}
