/** A span of text: [start, end) offsets. */
export interface Span {
  start: number;
  end: number;
}

// Character classes as code-unit tables: this runs for every clause of every item (hot path).
const SENTENCE_END = new Uint8Array(0x10000);
for (const c of '。！？!?;；\n') SENTENCE_END[c.charCodeAt(0)] = 1;
const CLAUSE_END = SENTENCE_END.slice();
for (const c of ',，') CLAUSE_END[c.charCodeAt(0)] = 1;
const BRACKET = new Int8Array(0x10000);
for (const c of '《“(（「『[【') BRACKET[c.charCodeAt(0)] = 1;
for (const c of '》”)）」』]】') BRACKET[c.charCodeAt(0)] = -1;

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0x3000 || c === 0xa0;
}

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
    while (a < b && isBlank(text.charCodeAt(a))) a++;
    while (b > a && isBlank(text.charCodeAt(b - 1))) b--;
    if (b > a) out.push({ start: a, end: b });
  };
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const bracket = BRACKET[c];
    if (bracket === 1) depth++;
    else if (bracket === -1) depth = depth > 0 ? depth - 1 : 0;
    else if (c === 10) depth = 0;
    if (ends[c] === 1 && (depth === 0 || c === 10)) {
      push(s, i);
      s = i + 1;
    }
  }
  push(s, end);
  return out;
}
