import { isWorkday } from 'chinese-days';

/** Calendar arithmetic on YYYY-MM-DD dates (no time zone: they are Asia/Shanghai calendar dates). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * PRC working day: weekdays except public holidays, plus the weekend make-up days (调休), from the
 * maintained `chinese-days` data. Years the data does not cover fall back to Monday–Friday.
 */
export function isWorkingDay(date: string): boolean {
  try {
    return isWorkday(date);
  } catch {
    const day = new Date(`${date}T00:00:00Z`).getUTCDay();
    return day !== 0 && day !== 6;
  }
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
const SHANGHAI_CLOCK = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });

/** The Asia/Shanghai calendar date and hour of an instant. */
export function shanghaiClock(now: Date): { date: string; hour: number } {
  const parts = SHANGHAI_CLOCK.formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}
