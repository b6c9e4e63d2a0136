import iconv from 'iconv-lite';
import { ReportParseError, ReportParseErrorCode } from '../report-parse.error';

export interface DecodedInput {
  text: string;
  encoding: string;
}

/** File signatures of formats people upload by mistake (PDF, Office, images, archives). */
const BINARY_SIGNATURES: ReadonlyArray<[string, number[]]> = [
  ['PDF', [0x25, 0x50, 0x44, 0x46]],
  ['ZIP/DOCX/XLSX', [0x50, 0x4b, 0x03, 0x04]],
  ['DOC/XLS', [0xd0, 0xcf, 0x11, 0xe0]],
  ['PNG', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG', [0xff, 0xd8, 0xff]],
  ['GIF', [0x47, 0x49, 0x46, 0x38]],
  ['GZIP', [0x1f, 0x8b]],
  ['RAR', [0x52, 0x61, 0x72, 0x21]],
  ['7Z', [0x37, 0x7a, 0xbc, 0xaf]],
];

const GB_ALIASES = /^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn|hz-gb-2312)$/i;

/**
 * Turns uploaded bytes into text: BOM first, then UTF-16 without BOM (by its zero bytes), then a
 * `<meta charset>` in HTML, then strict UTF-8, then GB18030 (a superset of GBK and GB2312).
 */
export function decodeBytes(bytes: Uint8Array): DecodedInput {
  const binary = binarySignature(bytes);
  if (binary) throw binaryError(`a ${binary} file`);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: utf8(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'utf-16be' };
  const utf16 = guessUtf16(bytes);
  if (utf16) return { text: iconv.decode(Buffer.from(bytes), utf16), encoding: utf16 };
  const declared = declaredCharset(bytes);
  if (declared && GB_ALIASES.test(declared))
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030' };
  if (
    declared &&
    /^utf-?16/i.test(declared) === false &&
    !/^utf-?8$/i.test(declared) &&
    iconv.encodingExists(declared)
  ) {
    return { text: iconv.decode(Buffer.from(bytes), declared), encoding: declared.toLowerCase() };
  }
  const strict = tryUtf8(bytes);
  if (strict !== null) return { text: strict, encoding: 'utf-8' };
  return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030' };
}

export function binaryError(what: string): ReportParseError {
  return new ReportParseError(
    ReportParseErrorCode.BINARY_INPUT,
    `This is ${what}, not a text or HTML report; save the report as text or HTML and upload that`,
    '这不是文本或网页格式的报告（可能是PDF、Word或图片等二进制文件），请另存为文本或网页后上传',
  );
}

function binarySignature(bytes: Uint8Array): string | null {
  for (const [name, signature] of BINARY_SIGNATURES) {
    if (bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b)) return name;
  }
  return null;
}

/** UTF-16 text without a BOM has a zero byte in most pairs of ASCII-range characters. */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.2 && evenZeros < pairs * 0.05) return looksLikeUtf16(bytes, 'utf-16le') ? 'utf-16le' : null;
  if (evenZeros > pairs * 0.2 && oddZeros < pairs * 0.05) return looksLikeUtf16(bytes, 'utf-16be') ? 'utf-16be' : null;
  return null;
}

function looksLikeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): boolean {
  const sample = iconv.decode(Buffer.from(bytes.subarray(0, 4096)), encoding);
  return controlRatio(sample) < 0.05;
}

/** The charset an HTML page declares in its first 4 KB (`<meta charset>` or http-equiv). */
function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)/i.exec(head);
  return match ? match[1] : null;
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** Share of characters that are control characters other than tab, newline, form feed and CR. */
export function controlRatio(text: string): number {
  if (text.length === 0) return 0;
  let controls = 0;
  const n = Math.min(text.length, 65536);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0xfffd || c === 0x7f) controls++;
  }
  return controls / n;
}
