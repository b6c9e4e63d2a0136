import { isWorkday } from 'chinese-days';

const DAY_MS = 86_400_000;
/**
 * Memos for the pure date functions below: a sweep asks about the same few hundred dates for
 * every one of 100,000 tasks. Cleared when they grow large, so a long-lived worker never keeps
 * more than a few thousand entries.
 */
const MEMO_LIMIT = 20_000;
const dateOfDay = new Map<number, string>();
const workingDays = new Map<string, boolean>();

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** Calendar arithmetic on YYYY-MM-DD dates (no time zone: they are Asia/Shanghai calendar dates). */
export function addDays(date: string, days: number): string {
  const day =
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS + days;
  // Throws RangeError on a malformed date, as `new Date(…).toISOString()` does.
  return dateOfDay.get(day) ?? remember(dateOfDay, day, new Date(day * DAY_MS).toISOString().slice(0, 10));
}

/**
 * PRC working day: weekdays except public holidays, plus the weekend make-up days (调休), from the
 * maintained `chinese-days` data. Years the data does not cover fall back to Monday–Friday.
 */
export function isWorkingDay(date: string): boolean {
  const known = workingDays.get(date);
  if (known !== undefined) return known;
  let working: boolean;
  try {
    working = isWorkday(date);
  } catch {
    const day = new Date(`${date}T00:00:00Z`).getUTCDay();
    working = day !== 0 && day !== 6;
  }
  return remember(workingDays, date, working);
}

/** `date` if it is a working day, else the closest working day before it. */
export function workingDayOnOrBefore(date: string): string {
  let d = date;
  for (let i = 0; i < 30 && !isWorkingDay(d); i++) d = addDays(d, -1);
  return d;
}

/** `date` if it is a working day, else the closest working day after it. */
export function workingDayOnOrAfter(date: string): string {
  let d = date;
  for (let i = 0; i < 30 && !isWorkingDay(d); i++) d = addDays(d, 1);
  return d;
}

// Built once: an Intl.DateTimeFormat is expensive to construct and cheap to reuse.
const SHANGHAI_CLOCK = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** The Asia/Shanghai calendar date and hour of an instant. */
export function shanghaiClock(now: Date): { date: string; hour: number } {
  const parts = SHANGHAI_CLOCK.formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}
