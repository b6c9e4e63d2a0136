import { shanghaiClock } from './calendar.util';

/** A person's quiet hours (免打扰), HH:MM in Asia/Shanghai; `to` before `from` spans midnight. */
export interface QuietHours {
  from: string;
  to: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isClockTime(value: string): boolean {
  return HHMM.test(value);
}

function minutes(value: string): number {
  const match = HHMM.exec(value);
  if (!match) throw new Error(`not a HH:MM time: ${value}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Whether `now` falls in the quiet hours: from `from` (included) to `to` (excluded), across
 * midnight when `to` is earlier; equal bounds mean no quiet hours.
 */
export function inQuietHours(now: Date, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  const start = minutes(quiet.from);
  const end = minutes(quiet.to);
  if (start === end) return false;
  const { hour, minute } = shanghaiClock(now);
  const at = hour * 60 + minute;
  return start < end ? at >= start && at < end : at >= start || at < end;
}
