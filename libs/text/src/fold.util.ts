import { Converter } from 'opencc-js';

/**
 * A per-UTF-16-unit folding table: full-width ASCII → ASCII, ideographic and no-break spaces →
 * space, traditional → simplified characters. Folding is length-preserving by construction (one
 * code unit in, one out), so an offset into the folded text is the same offset into the original.
 *
 * This is why it is a table and not `String.prototype.normalize('NFKC')` or a whole-text OpenCC
 * pass: both may change the length (NFKC turns ① into "1" and ㈠ into "(一)"; OpenCC converts some
 * phrases), which would break the offsets users see in the original text.
 */
let table: Uint16Array | undefined;

function buildTable(): Uint16Array {
  const t = new Uint16Array(0x10000);
  for (let i = 0; i < t.length; i++) t[i] = i;
  for (let c = 0xff01; c <= 0xff5e; c++) t[c] = c - 0xfee0;
  t[0x3000] = 0x20;
  t[0x00a0] = 0x20;
  t[0x2002] = 0x20;
  t[0x2003] = 0x20;
  t[0xfeff] = 0x20;
  // Traditional → simplified, character by character (one line each so no phrase spans two).
  const toSimplified = Converter({ from: 't', to: 'cn' });
  const hanStart = 0x3400;
  const hanEnd = 0x9fff;
  const source: string[] = [];
  for (let c = hanStart; c <= hanEnd; c++) source.push(String.fromCharCode(c));
  const converted = toSimplified(source.join('\n')).split('\n');
  if (converted.length === source.length) {
    for (let i = 0; i < source.length; i++) {
      const out = converted[i];
      if (out.length === 1 && out !== source[i]) t[hanStart + i] = out.charCodeAt(0);
    }
  }
  return t;
}

function foldTable(): Uint16Array {
  return (table ??= buildTable());
}

/** Folds `text` for matching; the result has exactly the same length as the input. */
export function foldText(text: string): string {
  const t = foldTable();
  let changed = false;
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const f = t[c];
    if (f !== c) changed = true;
    out[i] = f;
  }
  if (!changed) return text;
  // TextDecoder is the fastest way to turn code units back into a string for large inputs.
  return utf16Decoder.decode(out);
}

const utf16Decoder = new TextDecoder('utf-16le');

/** True when `text` contains characters that fold to a different simplified character. */
export function hasTraditionalCharacters(text: string): boolean {
  const t = foldTable();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff && t[c] !== c) return true;
  }
  return false;
}
