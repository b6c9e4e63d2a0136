const CN_DIGIT: Readonly<Record<string, string>> = {
  〇: '0',
  零: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/** The first plausible year (1990–2099) printed as 2023年 or 二〇二三年 in `norm`, or null. */
export function firstYear(norm: string): number | null {
  const m = /(19[9]\d|20\d\d|二〇[〇一二三四五六七八九]{2})年/.exec(norm);
  if (!m) return null;
  const digits = m[1].replace(/[〇零一二三四五六七八九]/g, (c) => CN_DIGIT[c]);
  return Number(digits);
}

/** YYYY-MM-DD from 2024-02-26, 2024/2/26, 2024.2.26 or 2024年2月26日; null if not a real date. */
export function parseDate(value: string): string | null {
  const m = /(20\d\d|19\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(value);
  if (!m) return null;
  return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function lastDayOfMonth(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return isoDate(year, month, day)!;
}
