import type { TargetBound } from '@luoshi/text';
import type { Passage } from './passages';
import { tokenize } from './tokens.util';
import type { TargetOutcome } from './link.types';

/** A target as the linker needs it: what it measures and its bound (libs/text). */
export type TargetInput = TargetBound;

const NUMBER_WITH_UNIT = /(\d+(?:\.\d+)?)(万)?\s*(%|件|个|场次|场|次|名|人次|人|家|条|项|所|期|卷|天|个工作日)/g;

function compare(actual: number, op: string, value: number): boolean {
  switch (op) {
    case '<=':
      return actual <= value;
    case '>=':
      return actual >= value;
    case '<':
      return actual < value;
    case '>':
      return actual > value;
    default:
      return actual === value;
  }
}

/**
 * The figure a follow-up reports for a target: the number with the same unit in the sentence
 * that shares most of the metric's words (败诉率降至5.9% for 败诉率 <= 8 %).
 */
export function targetOutcome(target: TargetInput, passages: Passage[]): TargetOutcome {
  const metricTokens = new Set(tokenize(target.metric));
  let best: { actual: number; text: string; overlap: number } | null = null;
  for (const p of passages) {
    let overlap = 0;
    for (const t of metricTokens) if (p.terms.has(t)) overlap++;
    if (metricTokens.size === 0 || overlap / metricTokens.size < 0.5) continue;
    // The figure that follows the metric in the sentence (败诉率降至4.1%, not 同比上升41% before it);
    // first occurrences, so a later 败诉率 does not stand in for 出庭应诉率.
    let after = 0;
    for (const t of metricTokens) {
      const at = p.norm.indexOf(t);
      if (at >= 0) after = Math.max(after, at + t.length);
    }
    for (const m of p.norm.matchAll(NUMBER_WITH_UNIT)) {
      if ((m.index ?? 0) < after || (target.unit ?? '') !== m[3]) continue;
      const actual = Number(m[1]) * (m[2] ? 10000 : 1);
      if (!best || overlap > best.overlap) best = { actual, text: p.text, overlap };
      break;
    }
  }
  const base = { metric: target.metric, op: target.op, value: target.value, unit: target.unit };
  if (!best) return { ...base, actual: null, actualText: null, met: 'unknown' };
  return { ...base, actual: best.actual, actualText: best.text, met: compare(best.actual, target.op, target.value) };
}
