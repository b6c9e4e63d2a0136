import { parseChineseNumber, parseCircledNumber } from '@luoshi/text';

/** The numbering styles of the genre, each a separate level when they nest. */
export type MarkerType =
  'cn-dun' | 'cn-paren' | 'num-dot' | 'num-paren' | 'circled' | 'cn-shi' | 'cn-yao' | 'di' | 'qi' | 'seq';

/** Prose enumerations (一是, 一要, 第一, 其一, 首先): they run inline and restart freely, unlike outline numbers. */
export const PROSE_MARKERS: ReadonlySet<MarkerType> = new Set(['cn-shi', 'cn-yao', 'di', 'qi', 'seq']);

/** 首先…其次…再次…最后: 最后 closes whatever run it ends. */
const LAST = 99;
const SEQUENCE_WORDS: Readonly<Record<string, number>> = { 首先: 1, 其次: 2, 再次: 3, 最后: LAST };

export interface Marker {
  type: MarkerType;
  ordinal: number;
  /** Offset (in the scanned string) of the marker's first character. */
  at: number;
  /** Offset just past the marker. */
  after: number;
}

const CN = '[一二三四五六七八九十]{1,3}';
/** Markers that open a paragraph (matched on folded text: full-width brackets are already ASCII). */
const LEADING: ReadonlyArray<[MarkerType, RegExp]> = [
  ['cn-paren', new RegExp(`^\\((${CN})\\)\\s*`)],
  ['num-paren', /^\((\d{1,2})\)\s*/],
  ['cn-shi', new RegExp(`^(${CN})是(?![,、])`)],
  ['cn-yao', new RegExp(`^(${CN})要(?![,、求素])`)],
  ['di', new RegExp(`^第(${CN})[,、:]\\s*`)],
  ['qi', new RegExp(`^其(${CN})[,、:]\\s*`)],
  ['seq', /^(首先|其次|再次|最后)[,:]?\s*/],
  ['cn-dun', new RegExp(`^(${CN})(?:、|\\.(?!\\d))\\s*`)],
  ['num-dot', /^(\d{1,2})(?:[、]|\.(?!\d))\s*/],
  ['circled', /^([\u2460-\u2473])\s*/],
];

function ordinalOf(raw: string): number | null {
  return SEQUENCE_WORDS[raw] ?? parseCircledNumber(raw) ?? parseChineseNumber(raw);
}

/** The numbering marker a paragraph starts with, if any. */
export function leadingMarker(norm: string): Marker | null {
  for (const [type, re] of LEADING) {
    const m = re.exec(norm);
    if (!m) continue;
    const ordinal = ordinalOf(m[1]);
    if (ordinal === null || ordinal === 0) continue;
    return { type, ordinal, at: 0, after: m[0].length };
  }
  return null;
}

/** Inline markers: 一是…二是…, 一要…二要…, 第一，…第二，…, 其一…其二…, 首先…其次…最后, (1)…(2)…, ①…② and (一)…(二)… inside a paragraph. */
const INLINE: ReadonlyArray<[MarkerType, RegExp]> = [
  ['cn-shi', new RegExp(`(?<=^|[。;:!?,\\s])(${CN})是(?![,、])`, 'g')],
  ['cn-yao', new RegExp(`(?<=^|[。;:!?,\\s])(${CN})要(?![,、求素])`, 'g')],
  ['di', new RegExp(`(?<=^|[。;:!?\\s])第(${CN})[,、]`, 'g')],
  ['qi', new RegExp(`(?<=^|[。;:!?,\\s])其(${CN})[,、:]`, 'g')],
  ['seq', /(?<=^|[。;:!?\s])(首先|其次|再次|最后)[,:]?/g],
  ['num-paren', /(?<=^|[。;:!?,\s])\((\d{1,2})\)/g],
  ['cn-paren', new RegExp(`(?<=^|[。;:!?\\s])\\((${CN})\\)`, 'g')],
  ['circled', /([\u2460-\u2473])/g],
];

/**
 * The longest run of inline markers of one type numbered 1, 2, 3 … in `norm[from, to)`.
 * A lone 一是 is not a list (统一是… would be), so at least two consecutive markers are required.
 */
export function inlineMarkerRun(norm: string, from: number, to: number): Marker[] {
  const segment = norm.slice(from, to);
  let best: Marker[] = [];
  for (const [type, re] of INLINE) {
    re.lastIndex = 0;
    let run: Marker[] = [];
    for (let m = re.exec(segment); m; m = re.exec(segment)) {
      const ordinal = ordinalOf(m[1]);
      if (ordinal === null) continue;
      const marker = { type, ordinal, at: from + m.index, after: from + m.index + m[0].length };
      if (ordinal === LAST && run.length >= 1) {
        run.push({ ...marker, ordinal: run.length + 1 });
        break;
      }
      if (ordinal === run.length + 1) run.push(marker);
      else if (ordinal === 1 && run.length < 2) run = [marker];
    }
    if (run.length >= 2 && run.length > best.length) best = run;
  }
  return best;
}
