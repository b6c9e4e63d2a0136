const REDACTED = '[redacted]';

/** Path segments that are credentials: the calendar feed's secret file name. */
const SECRET_PATH = /(\/calendar\/feed\/)[^/?#]+/g;
/** Query parameters that are credentials: the mute link's signed token (and any other `token`). */
const SECRET_QUERY = /([?&](?:token|access_token)=)[^&#]*/gi;

/**
 * A request URL fit for the logs: calendar-feed tokens and `token=` query values are replaced,
 * since anyone reading the logs could otherwise subscribe to a user's deadlines or mute their reminders.
 */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PATH, `$1${REDACTED}`).replace(SECRET_QUERY, `$1${REDACTED}`);
}

/** A connection URL with its password (and user name's secret part) hidden: redis://:***@host:6379. */
export function redactUrlCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a URL we can read: show none of it rather than risk printing a secret.
    return REDACTED;
  }
}
