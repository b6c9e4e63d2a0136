import mammoth from 'mammoth';
import { damagedDocument } from './attachment-errors.util';
import { tidyExtractedText } from './extracted-text.util';

/**
 * The body text of a .docx (mammoth's raw text: headers, footers and comments left out), one
 * paragraph a line. mammoth ends every paragraph with a blank line; a line break inside a
 * paragraph stays a line of its own.
 */
export async function docxText(bytes: Uint8Array): Promise<string> {
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }))
      .value;
  } catch (err) {
    throw damagedDocument('docx', (err as Error).message);
  }
  return tidyExtractedText(raw);
}
