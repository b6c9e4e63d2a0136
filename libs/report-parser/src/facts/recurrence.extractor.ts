import type { Recurrence } from '../parser.types';

const RULES: ReadonlyArray<[RegExp, Recurrence]> = [
  [/每周|每星期|一周一/, 'weekly'],
  [/每月|按月|一月一|每个月/, 'monthly'],
  [/每季度|每季|按季度?|一季一/, 'quarterly'],
  [/每半年|半年一/, 'semiannual'],
  [/每年|每年度|一年一/, 'yearly'],
];

/** 每月/每季度/每年开展一次 → monthly/quarterly/yearly: the earliest such phrase in the text wins. */
export function findRecurrence(norm: string): Recurrence | null {
  let best: { at: number; value: Recurrence } | null = null;
  for (const [re, value] of RULES) {
    const m = re.exec(norm);
    if (m && (!best || m.index < best.at)) best = { at: m.index, value };
  }
  return best?.value ?? null;
}
