import { isHoliday, isWorkday } from 'chinese-days';

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

/** One day an admin entered for a year the built-in data does not cover: a holiday, or a make-up working day (调休). */
export interface CalendarEntry {
  date: string;
  working: boolean;
}

/** Where a year's working days come from. */
export type CalendarSource = 'built-in' | 'entered' | 'missing';

let entered = new Map<string, boolean>();
let enteredYears = new Set<number>();
const builtInYears = new Map<number, boolean>();

/**
 * The days admins entered (the State Council publishes each year's holidays in November; the
 * installed `chinese-days` may not have them yet). Replaces what was set before; each process
 * (API, worker) sets it from the database when it starts and before every sweep.
 */
export function setCalendarEntries(entries: CalendarEntry[]): void {
  entered = new Map(entries.map((e) => [e.date, e.working]));
  enteredYears = new Set(entries.map((e) => Number(e.date.slice(0, 4))));
  workingDays.clear();
}

/**
 * Whether `chinese-days` knows a year's holidays. It answers for any date, but for a year it has no
 * data for it silently answers Monday–Friday; 元旦 is a holiday every year, so a year whose
 * 1 January is not one is a year it does not know.
 */
function builtIn(year: number): boolean {
  let known = builtInYears.get(year);
  if (known === undefined) {
    try {
      known = isHoliday(`${year}-01-01`);
    } catch {
      known = false;
    }
    builtInYears.set(year, known);
  }
  return known;
}

export function calendarSource(year: number): CalendarSource {
  if (builtIn(year)) return 'built-in';
  return enteredYears.has(year) ? 'entered' : 'missing';
}

/**
 * The years whose holidays nobody knows although reminders will soon be planned in them: today's
 * year, and from November (when the State Council publishes them, and reminders start reaching
 * into January) the next. Reminders fall back to Monday–Friday there.
 */
export function missingCalendarYears(today: string): number[] {
  const year = Number(today.slice(0, 4));
  const years = Number(today.slice(5, 7)) >= 11 ? [year, year + 1] : [year];
  return years.filter((y) => calendarSource(y) === 'missing');
}

/**
 * PRC working day: weekdays except public holidays, plus the weekend make-up days (调休), from the
 * maintained `chinese-days` data, or from the days admins entered for a year it does not cover.
 * A year nobody covers falls back to Monday–Friday (and `missingCalendarYears` says so).
 */
export function isWorkingDay(date: string): boolean {
  const known = workingDays.get(date);
  if (known !== undefined) return known;
  const year = Number(date.slice(0, 4));
  let working: boolean;
  if (entered.has(date)) working = entered.get(date)!;
  else if (builtIn(year)) working = isWorkday(date);
  else {
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
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Asia/Shanghai calendar date, hour and minute of an instant. */
export function shanghaiClock(now: Date): { date: string; hour: number; minute: number } {
  const parts = SHANGHAI_CLOCK.formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    hour: Number(get('hour')),
    minute: Number(get('minute')),
  };
}
