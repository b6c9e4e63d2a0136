const DIGITS: Readonly<Record<string, number>> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Parses 一 … 九十九 (and Arabic digits); returns null for anything else. */
export function parseChineseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (text.length === 0 || text.length > 3) return null;
  if (text === '十') return 10;
  const ten = text.indexOf('十');
  if (ten === -1) return text.length === 1 && DIGITS[text] !== undefined ? DIGITS[text] : null;
  const tens = ten === 0 ? 1 : DIGITS[text.slice(0, ten)];
  const ones = ten === text.length - 1 ? 0 : DIGITS[text.slice(ten + 1)];
  if (tens === undefined || ones === undefined || text.indexOf('十', ten + 1) !== -1) return null;
  return tens * 10 + ones;
}

const CIRCLED_START = 0x2460; // ①

/** ① → 1 … ⑳ → 20; null otherwise. */
export function parseCircledNumber(char: string): number | null {
  const c = char.charCodeAt(0) - CIRCLED_START;
  return char.length === 1 && c >= 0 && c < 20 ? c + 1 : null;
}
