import { SYNONYMS } from './synonyms.data';

const CANONICAL = new Map(SYNONYMS.filter(([v, c]) => v !== c).map(([v, c]) => [v, c]));
const VARIANTS = new RegExp([...CANONICAL.keys()].sort((a, b) => b.length - a.length).join('|'), 'g');

/** Folded text with each synonym rewritten to its canonical word; the same length as its input. */
export function canonical(norm: string): string {
  return norm.replace(VARIANTS, (v) => CANONICAL.get(v)!);
}
