import { damagedDocument } from './attachment-errors.util';
import type { AttachmentHints, AttachmentText } from './attachment.types';
import { docText, oleContents } from './doc-text.util';
import { docxText } from './docx-text.util';
import { pdfText } from './pdf-text.util';

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
/**
 * The most a .docx may declare its parts to take unpacked. Reports are a few MB of XML at most;
 * a small archive that unpacks to gigabytes (a "zip bomb") is refused before it is unpacked.
 */
const DOCX_MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/**
 * What a ZIP archive is, from the names and sizes in its central directory (names are stored
 * uncompressed, so nothing is unpacked): a Word document has `word/document.xml`. A Word
 * document without a central directory (or with a broken one) is cut short or damaged; an Office
 * file of another kind (a spreadsheet, slides) or any other archive is not ours to read.
 */
function zipKind(bytes: Uint8Array): 'docx' | 'other' | 'damaged' {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const broken = () => (buf.includes('word/document') ? 'damaged' : 'other');
  // The end-of-central-directory record: 22 bytes plus a comment of at most 64 KB, at the very end.
  const from = Math.max(0, buf.length - 22 - 0xffff);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < from || eocd + 22 > buf.length) return broken();
  const entries = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  let word = false;
  let unpacked = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return broken();
    unpacked += buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    if (name === 'word/document.xml' || name === 'word/document2.xml') word = true;
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  if (!word) return 'other';
  if (unpacked > DOCX_MAX_UNPACKED_BYTES) throw damagedDocument('docx', `its parts unpack to ${unpacked} bytes`);
  return 'docx';
}

/**
 * The text of a Word (.docx, .doc, WPS .wps) or PDF file, or null when the bytes are none of
 * these (text, HTML, or a binary file the caller refuses as BINARY_INPUT: images, archives,
 * spreadsheets). Recognised by content, never by file name.
 *
 * @throws ReportParseError UNREADABLE_DOCUMENT for a damaged, cut-short or password-protected
 *   document; NO_TEXT_LAYER for a PDF without text (a scan).
 */
export async function readAttachment(bytes: Uint8Array, hints: AttachmentHints = {}): Promise<AttachmentText | null> {
  if (startsWith(bytes, ZIP_SIGNATURE)) {
    const kind = zipKind(bytes);
    if (kind === 'other') return null;
    if (kind === 'damaged') throw damagedDocument('docx', 'the archive is cut short or damaged');
    return { text: await docxText(bytes), format: 'docx' };
  }
  if (startsWith(bytes, OLE_SIGNATURE)) {
    if (oleContents(bytes) !== 'word') return null;
    const format = /\.wps$/i.test(hints.fileName ?? '') ? 'wps' : 'doc';
    return { text: await docText(bytes), format };
  }
  if (startsWith(bytes, PDF_SIGNATURE)) return { text: await pdfText(bytes), format: 'pdf' };
  return null;
}
