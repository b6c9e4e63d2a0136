/** One non-empty line of a text, trimmed, with its offsets in that text. */
export interface Paragraph {
  /** Index of the first non-blank character. */
  start: number;
  /** Index just past the last non-blank character. */
  end: number;
}

const BLANK = /[\s\u3000\u00a0\ufeff]/;

/** Splits `text` at newlines into trimmed, non-empty paragraphs, in order. Linear in the text. */
export function splitParagraphs(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  let lineStart = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    if (i < n && text.charCodeAt(i) !== 10) continue;
    let s = lineStart;
    let e = i;
    while (s < e && BLANK.test(text[s])) s++;
    while (e > s && BLANK.test(text[e - 1])) e--;
    if (e > s) out.push({ start: s, end: e });
    lineStart = i + 1;
  }
  return out;
}
