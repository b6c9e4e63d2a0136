import iconv from 'iconv-lite';
import { ReportParseError, ReportParseErrorCode } from '../report-parse.error';

export interface DecodedInput {
  text: string;
  encoding: string;
}

/**
 * File signatures of binary formats. Word and PDF files are read by parseReportFile (their text is
 * extracted first); the synchronous parser, and parseReportFile for images, archives and
 * spreadsheets, refuse them here.
 */
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
 * `<meta charset>` in HTML, then strict UTF-8, then GB18030 (a superset of GBK and GB2312) or Big5,
 * whichever reads as the genre's text.
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
  return gbOrBig5(bytes);
}

/**
 * The genre's commonest characters in both scripts (法治政府建设年度报告, 工作, 依法行政 …). Big5 bytes
 * mostly decode as valid GB18030 too, and the reverse, but into rare characters: whichever reading
 * yields more of these is the right one. (iconv-lite has no detector; jschardet's guesses on short
 * Chinese text confuse the two, so the choice is made here on the genre's own vocabulary.)
 */
const COMMON_CHARS = new Set(
  '的一是在和了有不为对法治政府建设设年度报告報工作行政依执執务務进進开開强強实實规規范範会會关關于於发發全面成效问问题題下步区區县縣市局司推动動制度完善加深化落培训訓体體系统統理员員服务人民社群众眾监监督'.split(
    '',
  ),
);

function gbOrBig5(bytes: Uint8Array): DecodedInput {
  const sample = Buffer.from(bytes.subarray(0, 65536));
  const score = (text: string) => {
    let n = 0;
    for (const c of text) if (COMMON_CHARS.has(c)) n++;
    return n;
  };
  const gb = iconv.decode(sample, 'gb18030');
  const big5 = iconv.decode(sample, 'big5');
  if (score(big5) > score(gb) * 1.5) return { text: iconv.decode(Buffer.from(bytes), 'big5'), encoding: 'big5' };
  return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030' };
}

export function binaryError(what: string): ReportParseError {
  return new ReportParseError(
    ReportParseErrorCode.BINARY_INPUT,
    `This is ${what}, not a report that can be read; upload the report as text, a web page (HTML), Word (.docx, .doc, .wps) or a PDF with text`,
    '这不是可读取的报告（可能是图片、压缩包或表格等二进制文件），请上传文本、网页、Word（.docx/.doc/.wps）或含文字的PDF版本',
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
