/** A span of text: [start, end) offsets. */
export interface Span {
  start: number;
  end: number;
}

const SENTENCE_END = new Set(['。', '！', '？', '!', '?', ';', '；', '\n']);
const CLAUSE_END = new Set([...SENTENCE_END, ',', '，']);
const OPEN = new Set(['《', '“', '(', '（', '「', '『', '[', '【']);
const CLOSE = new Set(['》', '”', ')', '）', '」', '』', ']', '】']);

/**
 * Splits text[start, end) at sentence (or, with `clauses`, also comma) boundaries that are not
 * inside brackets or quotes. Each span excludes its terminating punctuation and surrounding blanks.
 */
export function splitSpans(text: string, start: number, end: number, clauses = false): Span[] {
  const ends = clauses ? CLAUSE_END : SENTENCE_END;
  const out: Span[] = [];
  let depth = 0;
  let s = start;
  const push = (a: number, b: number) => {
    while (a < b && /\s/.test(text[a])) a++;
    while (b > a && /\s/.test(text[b - 1])) b--;
    if (b > a) out.push({ start: a, end: b });
  };
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c)) depth = Math.max(0, depth - 1);
    else if (c === '\n') depth = 0;
    if ((depth === 0 || c === '\n') && ends.has(c)) {
      push(s, i);
      s = i + 1;
    }
  }
  push(s, end);
  return out;
}
