import * as CFB from 'cfb';
import { AttachmentError, AttachmentErrorCode } from './attachment.error';

/** The kinds of file an attachment may be, told by its bytes, each with its content type and file extensions. */
export const ATTACHMENT_KINDS = {
  pdf: { contentType: 'application/pdf', extensions: ['pdf'] },
  png: { contentType: 'image/png', extensions: ['png'] },
  jpeg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  // Word 97-2003; WPS Office's .wps is the same format.
  doc: { contentType: 'application/msword', extensions: ['doc', 'wps', 'dot'] },
  xls: { contentType: 'application/vnd.ms-excel', extensions: ['xls', 'et'] },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx', 'wps'],
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx', 'et'],
  },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
  },
  // 版式文档 (GB/T 33190), the fixed-layout format of Chinese government documents.
  ofd: { contentType: 'application/ofd', extensions: ['ofd'] },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'] },
  text: { contentType: 'text/plain', extensions: ['txt', 'csv', 'md', 'log'] },
} as const;

export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;

/** What the bytes of an allowed file are. */
export interface SniffedType {
  kind: AttachmentKind;
  /** The content type to serve it with (text with its charset). */
  contentType: string;
}

const starts = (bytes: Uint8Array, signature: number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const PDF = [...'%PDF-'].map((c) => c.charCodeAt(0));

/**
 * The kind of an attachment, from its bytes alone (never its name), or null when it is none of the
 * allowed kinds. Office files are opened as far as their directory: an OLE file must hold a Word
 * or Excel stream, a ZIP the parts of a Word, Excel, PowerPoint, OFD or OpenDocument file — any
 * other ZIP, executable, HTML or SVG is refused.
 */
export function sniffAttachment(bytes: Uint8Array): SniffedType | null {
  const kind = sniffKind(bytes);
  if (kind === null) return null;
  if (kind !== 'text') return { kind, contentType: ATTACHMENT_KINDS[kind].contentType };
  return { kind, contentType: `text/plain; charset=${textCharset(bytes)}` };
}

function sniffKind(bytes: Uint8Array): AttachmentKind | null {
  if (bytes.length === 0) return null;
  if (starts(bytes, PNG)) return 'png';
  if (starts(bytes, JPEG)) return 'jpeg';
  // PDF readers accept up to 1 KiB of anything before the header; so do we, and no more.
  if (indexOf(bytes.subarray(0, 1024), PDF) >= 0) return 'pdf';
  if (starts(bytes, OLE)) return oleKind(bytes);
  if (starts(bytes, ZIP)) return zipKind(bytes);
  return isPlainText(bytes) ? 'text' : null;
}

function indexOf(haystack: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function oleKind(bytes: Uint8Array): AttachmentKind | null {
  let container: CFB.CFB$Container;
  try {
    container = CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: 'buffer' });
  } catch {
    return null;
  }
  if (CFB.find(container, 'WordDocument')) return 'doc';
  if (CFB.find(container, 'Workbook') || CFB.find(container, 'Book')) return 'xls';
  return null;
}

/** Names in a ZIP's central directory (read from its end record), at most `limit` of them; null if it is no ZIP. */
export function zipEntryNames(bytes: Uint8Array, limit = 10_000): string[] | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record: 22 bytes plus a comment of up to 64 KiB, at the very end.
  const lowest = Math.max(0, view.length - 22 - 0xffff);
  let end = -1;
  for (let i = view.length - 22; i >= lowest; i--) {
    if (view.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.readUInt16LE(end + 10);
  let at = view.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let n = 0; n < count && n < limit; n++) {
    if (at + 46 > view.length || view.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = view.readUInt16LE(at + 28);
    const extra = view.readUInt16LE(at + 30);
    const comment = view.readUInt16LE(at + 32);
    if (at + 46 + nameLength > view.length) return null;
    names.push(view.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

function zipKind(bytes: Uint8Array): AttachmentKind | null {
  const names = zipEntryNames(bytes);
  if (!names) return null;
  const has = (name: string) => names.includes(name);
  const under = (folder: string) => names.some((n) => n.startsWith(folder));
  if (has('[Content_Types].xml')) {
    if (under('word/')) return 'docx';
    if (under('xl/')) return 'xlsx';
    if (under('ppt/')) return 'pptx';
    return null;
  }
  if (has('OFD.xml')) return 'ofd';
  // OpenDocument: the media type is the first entry's content; the manifest names it too.
  if (has('mimetype') && has('META-INF/manifest.xml')) {
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 120)).toString('latin1');
    if (head.includes('application/vnd.oasis.opendocument.text')) return 'odt';
    if (head.includes('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
  }
  return null;
}

/** Markup a browser would render if it ever ignored the served type: not plain text, whatever the name says. */
const MARKUP = /^\s*<(!doctype\s+html|html|head|body|script|svg|\?xml|iframe|object|embed)[\s>/]/i;

/**
 * Plain text: UTF-16 with its byte-order mark, or bytes without NULs or control characters other
 * than tab, line breaks, form feed and escape (UTF-8 and GB18030 text both qualify), not HTML/SVG/XML.
 */
function isPlainText(bytes: Uint8Array): boolean {
  if (starts(bytes, [0xff, 0xfe]) || starts(bytes, [0xfe, 0xff])) return bytes.length % 2 === 0;
  for (const b of bytes) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) return false;
    if (b === 0x7f) return false;
  }
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return !MARKUP.test(head);
}

function textCharset(bytes: Uint8Array): string {
  if (starts(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (starts(bytes, [0xfe, 0xff])) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    // Not UTF-8: Chinese offices' other plain-text encoding (GBK files are GB18030 too).
    return 'gb18030';
  }
}

/** The extension of a file name, lower case, without the dot ('' when it has none). */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/**
 * Checks an upload: not empty, within `maxBytes`, of an allowed kind by its bytes, and named like
 * what it is. A name without an extension gets the kind's own. Returns the sniffed type and the
 * name to keep.
 */
export function checkAttachment(
  bytes: Uint8Array,
  fileName: string,
  maxBytes: number,
): SniffedType & { fileName: string } {
  if (bytes.length === 0)
    throw new AttachmentError(AttachmentErrorCode.EMPTY_FILE, 'The file is empty', '文件为空，请选择有内容的文件');
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  const sniffed = sniffAttachment(bytes);
  if (!sniffed)
    throw new AttachmentError(
      AttachmentErrorCode.UNSUPPORTED_TYPE,
      'Attach PDF, Word/WPS (.doc/.docx/.wps), Excel (.xls/.xlsx), PowerPoint (.pptx), OFD, PNG/JPEG images or plain text; the content of this file is none of these',
      '仅支持PDF、Word/WPS、Excel、PowerPoint(.pptx)、OFD、PNG/JPEG图片或纯文本文件，该文件的内容不属于这些类型',
    );
  const allowed: readonly string[] = ATTACHMENT_KINDS[sniffed.kind].extensions;
  const extension = extensionOf(fileName);
  if (extension === '') return { ...sniffed, fileName: `${fileName}.${allowed[0]}` };
  if (!allowed.includes(extension))
    throw new AttachmentError(
      AttachmentErrorCode.TYPE_MISMATCH,
      `The file is named .${extension} but its content is ${sniffed.kind} (.${allowed.join('/.')}): rename it or attach the right file`,
      `文件扩展名为.${extension}，但内容为${sniffed.kind}（.${allowed.join('/.')}），请更正文件名或选择正确的文件`,
    );
  return { ...sniffed, fileName };
}

export function tooLarge(maxBytes: number): AttachmentError {
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return new AttachmentError(
    AttachmentErrorCode.TOO_LARGE,
    `The file is larger than ${mb} MB`,
    `文件超过${mb} MB的大小限制`,
  );
}
