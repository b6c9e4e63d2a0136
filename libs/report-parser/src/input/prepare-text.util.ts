import { foldText } from '@luoshi/text';
import { ReportParseError, ReportParseErrorCode } from '../report-parse.error';
import { binaryError, controlRatio, decodeBytes } from './decode.util';
import { htmlToText, looksLikeHtml } from './html-to-text.util';

export interface PreparedText {
  /** The display text every offset points into: decoded, HTML removed, newlines normalised. */
  text: string;
  /** `text` folded for matching (full-width → half-width, traditional → simplified); same length. */
  norm: string;
  encoding: string;
  html: boolean;
}

/** Bytes or a string → display text and its folded twin, or a typed rejection. */
export function prepareText(input: Uint8Array | string, maxBytes: number, html?: boolean): PreparedText {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) {
    throw new ReportParseError(
      ReportParseErrorCode.TOO_LARGE,
      `The report is ${size} bytes; at most ${maxBytes} bytes are accepted`,
      `报告大小为${size}字节，超过上限${maxBytes}字节`,
    );
  }
  const decoded =
    typeof input === 'string' ? { text: input.replace(/^\ufeff/, ''), encoding: 'string' } : decodeBytes(input);
  if (decoded.text.includes('\u0000') || controlRatio(decoded.text) > 0.02) throw binaryError('binary data');
  const isHtml = html ?? looksLikeHtml(decoded.text);
  const raw = isHtml ? htmlToText(decoded.text) : decoded.text;
  const text = raw.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n');
  if (!/[\p{L}\p{N}]/u.test(text)) {
    throw new ReportParseError(ReportParseErrorCode.EMPTY_INPUT, 'The report is empty', '报告内容为空');
  }
  return { text, norm: foldText(text), encoding: decoded.encoding, html: isHtml };
}
