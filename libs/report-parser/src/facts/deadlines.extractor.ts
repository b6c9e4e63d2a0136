import { parseChineseNumber } from '@luoshi/text';
import { isoDate, lastDayOfMonth } from '../metadata/years.util';

const MONTH = '(\\d{1,2}|[一二三四五六七八九十]{1,2})';
const BEFORE = '(?:前|之前|以前|为止|止)';
const PATTERNS: ReadonlyArray<[RegExp, (m: RegExpExecArray, planYear: number) => string | null]> = [
  [new RegExp(`(20\\d\\d)年${MONTH}月(\\d{1,2})日`, 'g'), (m) => isoDate(+m[1], month(m[2]), +m[3])],
  [
    new RegExp(`(20\\d\\d)年${MONTH}月(?:底|末|份)?${BEFORE}|(20\\d\\d)年${MONTH}月(?:底|末)`, 'g'),
    (m) => monthEnd(+(m[1] ?? m[3]), month(m[2] ?? m[4])),
  ],
  [/(20\d\d)年(?:底|末)/g, (m) => isoDate(+m[1], 12, 31)],
  [
    new RegExp(`(?<![\\d年一二三四五六七八九十])${MONTH}月(\\d{1,2})日${BEFORE}`, 'g'),
    (m, y) => isoDate(y, month(m[1]), +m[2]),
  ],
  [
    new RegExp(
      `(?<![\\d年一二三四五六七八九十])${MONTH}月(?:底|末)${BEFORE}?|(?<![\\d年一二三四五六七八九十])${MONTH}月${BEFORE}`,
      'g',
    ),
    (m, y) => monthEnd(y, month(m[1] ?? m[2])),
  ],
  [
    /(?<![\d一二三四五六七八九十])(?:(?:年底|年末)(?:前|之前)?|年内|全年|本年度内|年度内)/g,
    (_m, y) => isoDate(y, 12, 31),
  ],
  [/上半年|年中/g, (_m, y) => isoDate(y, 6, 30)],
  [/下半年/g, (_m, y) => isoDate(y, 12, 31)],
  [/第?([一二三四1-4])季度/g, (m, y) => monthEnd(y, (parseChineseNumber(m[1]) ?? 0) * 3)],
];

/** What every pattern above contains (年, 月 or 季): a pattern added without one must widen this. */
const HAS_TIME_WORD = /[年月季]/;

function month(raw: string): number {
  return parseChineseNumber(raw) ?? 0;
}

function monthEnd(year: number, m: number): string | null {
  return m >= 1 && m <= 12 ? lastDayOfMonth(year, m) : null;
}

export interface FoundDeadline {
  date: string;
  start: number;
  end: number;
}

/**
 * Chinese time expressions in `norm[from, to)` resolved in `planYear` (dates are calendar dates in
 * Asia/Shanghai; no clock time is involved): 6月底前 → 06-30, 年底前/年内/全年 → 12-31,
 * 上半年 → 06-30, 第三季度 → 09-30, 2025年10月31日前 → that date.
 */
export function findDeadlines(norm: string, from: number, to: number, planYear: number): FoundDeadline[] {
  const segment = norm.slice(from, to);
  // Every pattern above needs 年, 月 or 季; most clauses have none, so one scan spares nine regexes.
  if (!HAS_TIME_WORD.test(segment)) return [];
  const found: FoundDeadline[] = [];
  const taken: Array<[number, number]> = [];
  for (const [re, resolve] of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(segment); m; m = re.exec(segment)) {
      const s = m.index;
      const e = s + m[0].length;
      if (taken.some(([a, b]) => s < b && e > a)) continue;
      const date = resolve(m, planYear);
      if (!date) continue;
      taken.push([s, e]);
      found.push({ date, start: from + s, end: from + e });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Distinct dates, ascending. */
export function distinctDates(found: FoundDeadline[]): string[] {
  return [...new Set(found.map((d) => d.date))].sort();
}
