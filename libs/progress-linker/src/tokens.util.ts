import { foldText } from '@luoshi/text';
import { canonical } from './synonyms.util';

/**
 * Tokens for Chinese lexical matching: character bigrams of every CJK run (a lone character is
 * its own token) and whole ASCII words/numbers, after the genre's synonyms are made one word. Bigrams rather than a word segmenter: they need
 * no dictionary, are robust to the genre's compound words and paraphrase, and are fast enough for
 * 10,000 passages (Intl.Segmenter's ICU dictionary measured orders of magnitude slower here, and
 * @node-rs/jieba is a native binary this deployment cannot count on).
 */
export function tokenize(text: string): string[] {
  // Synonyms read as one word (推动 as 推进): see synonyms.data.ts.
  const norm = canonical(text);
  const out: string[] = [];
  let run = '';
  let word = '';
  const flushRun = () => {
    if (run.length === 1) out.push(run);
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    run = '';
  };
  const flushWord = () => {
    if (word) out.push(word.toLowerCase());
    word = '';
  };
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (c >= 0x4e00 && c <= 0x9fff) {
      flushWord();
      run += norm[i];
    } else if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 37) {
      flushRun();
      word += norm[i];
    } else {
      flushRun();
      flushWord();
    }
  }
  flushRun();
  flushWord();
  return out;
}

/** The distinct tokens of a text, collected without an intermediate array (hot path: every passage). */
export function termSet(text: string): Set<string> {
  const norm = canonical(text);
  const set = new Set<string>();
  let prev = -2; // index of the previous CJK character
  let wordStart = -1;
  for (let i = 0; i <= norm.length; i++) {
    const c = i < norm.length ? norm.charCodeAt(i) : 0;
    const cjk = c >= 0x4e00 && c <= 0x9fff;
    const ascii = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 37;
    if (!ascii && wordStart >= 0) {
      set.add(norm.slice(wordStart, i).toLowerCase());
      wordStart = -1;
    }
    if (cjk) {
      if (prev === i - 1) set.add(norm.slice(i - 1, i + 1));
      else if (i + 1 >= norm.length || !isCjk(norm.charCodeAt(i + 1))) set.add(norm[i]);
      prev = i;
    } else if (ascii && wordStart < 0) {
      wordStart = i;
    }
  }
  return set;
}

function isCjk(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fff;
}

/**
 * Names worth more than ordinary words when they recur: quoted names (“公证+破产”, 《…办法》)
 * and figures with units (15条, 96%). Returned folded, as they would appear in folded text.
 */
export function distinctiveTerms(text: string): string[] {
  const norm = foldText(text);
  const terms = new Set<string>();
  for (const m of norm.matchAll(/[“"「]([^”"」]{2,20})[”"」]/g)) terms.add(m[1]);
  for (const m of norm.matchAll(/《([^》]{2,40})》/g)) terms.add(m[1]);
  for (const m of norm.matchAll(/\d+(?:\.\d+)?(?:%|万?(?:件|个|场|次|名|人|家|条|项|所|期|卷))/g)) terms.add(m[0]);
  // Place names (石城县, 章贡区): a district named in both years is strong evidence.
  for (const m of norm.matchAll(/(?<![全各本该我])[\u4e00-\u9fff]{2,3}[县区](?![委府])/g))
    if (!/^(城区|市区|县区|园区|社区|辖区|片区|景区|校区|山区|老区|新区|开发区)$/.test(m[0])) terms.add(m[0]);
  return [...terms];
}

/**
 * Overlap coefficient of two token sets, |A ∩ B| / min(|A|, |B|): how much of the shorter text the
 * longer one repeats. Used between short texts (plan items, problem clauses), where IDF over a
 * handful of documents would weigh every unshared word more than the shared ones.
 */
export function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return shared / small.size;
}
