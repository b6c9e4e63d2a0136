import * as CFB from 'cfb';
import WordExtractor from 'word-extractor';
import { damagedDocument, passwordProtected } from './attachment-errors.util';
import { tidyExtractedText } from './extracted-text.util';

/** What an OLE compound file (.doc, .wps, .xls, .ppt, an encrypted .docx) holds, as far as we care. */
export type OleContents = 'word' | 'other';

/** word-extractor's Document, with the getBody option its typings leave out. */
interface WordDocumentText {
  getBody(options?: { filterUnicode?: boolean }): string;
}

const FIB_MAGIC = 0xa5ec;
const FIB_ENCRYPTED = 0x0100;

/**
 * Opens the compound file's directory: a Word 97-2003 document (WPS Office's .wps is the same
 * format) has a WordDocument stream; a password-protected Word document says so in its FIB, and
 * an encrypted .docx/.xlsx is an OLE file of EncryptionInfo and EncryptedPackage streams.
 */
export function oleContents(bytes: Uint8Array): OleContents {
  let container: CFB.CFB$Container;
  try {
    container = CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: 'buffer' });
  } catch (err) {
    throw damagedDocument('office', (err as Error).message);
  }
  if (CFB.find(container, 'EncryptedPackage')) throw passwordProtected('office');
  const word = CFB.find(container, 'WordDocument');
  if (!word) return 'other';
  const fib = Buffer.from(word.content as Uint8Array);
  if (fib.length < 0x20 || fib.readUInt16LE(0) !== FIB_MAGIC) throw damagedDocument('doc', 'no Word header');
  if ((fib.readUInt16LE(0x0a) & FIB_ENCRYPTED) !== 0) throw passwordProtected('doc');
  return 'word';
}

/** The main text of a Word 97-2003 document (word-extractor; headers, footers, notes and comments left out). */
export async function docText(bytes: Uint8Array): Promise<string> {
  let body: string;
  try {
    const document: WordDocumentText = await new WordExtractor().extract(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    );
    // filterUnicode: false keeps curly quotes and dashes (“八五”) as written, not folded to ASCII.
    body = document.getBody({ filterUnicode: false });
  } catch (err) {
    throw damagedDocument('doc', (err as Error).message);
  }
  return tidyExtractedText(body);
}
