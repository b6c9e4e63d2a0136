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
  const text = repairMirrorText(raw.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n'));
  if (!/[\p{L}\p{N}]/u.test(text)) {
    throw new ReportParseError(ReportParseErrorCode.EMPTY_INPUT, 'The report is empty', '报告内容为空');
  }
  return { text, norm: foldText(text), encoding: decoded.encoding, html: isHtml };
}

/** A pinyin reading printed after a character by some mirror sites: 建設(shè), 現(xiàn). */
const PINYIN_NOTE = /(?<=[\u4e00-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}\)/g;
/** Where a page that lost its line breaks starts a heading: 。一、…, ；（二）…, 三、2024年… */
const LOST_BREAK =
  /(?<=[。；;！!？?：:\s])\s*(?=[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])|(?<=(?:报告|情况))\s*(?=(?:19|20)\d\d年)/g;
/** A document site's banner glued into the text: 某某之家—全网资源每日更新www.example.com */
const SITE_BANNER = /[\u4e00-\u9fff]{2,8}[—–-]{1,2}[\u4e00-\u9fff]{2,12}(?:https?:\/\/)?www\.[\w-]+(?:\.[\w-]+)+/g;

/**
 * Undoes what copying sites do to reports: pinyin readings after characters (when there are
 * several), a space between a year and 年 (2023 年), a site's banner glued into the text, ?? padding
 * inside labels (索??引??號), and a page run together on one line (a line break is put back before
 * each 一、/（一） heading and between a title and the year that starts the body). The result is the text shown and stored.
 */
export function repairMirrorText(text: string): string {
  let out = text;
  const notes = out.match(PINYIN_NOTE);
  if (notes && notes.length >= 3) out = out.replace(PINYIN_NOTE, '');
  out = out.replace(/(?<=(?:19|20)\d\d)[ \u00a0\u3000]+(?=年)/g, '');
  out = out.replace(SITE_BANNER, '').replace(/(?<=[\u4e00-\u9fff])\?{2,}(?=[\u4e00-\u9fff])/g, '');
  const lines = out.split('\n').filter((l) => l.trim().length > 0).length;
  if (out.length > 150 && lines <= Math.max(1, out.length / 1500)) out = out.replace(LOST_BREAK, '\n');
  return out;
}
