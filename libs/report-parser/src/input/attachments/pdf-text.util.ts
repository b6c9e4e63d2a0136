import { getDocumentProxy } from 'unpdf';
import { damagedDocument, noTextLayer, passwordProtected } from './attachment-errors.util';
import { layoutPdfText, type PdfPageRuns, type PdfTextRun } from './pdf-layout.util';

/** Fewer letters than this per page on average, and the PDF is taken for a scan (a stamp or a scanner app's watermark aside). */
const MIN_LETTERS_PER_PAGE = 20;

/** The parts of PDF.js's text items read here (TextItem; marked-content items have no `str`). */
interface TextItemLike {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
}

/**
 * The text layer of a PDF (PDF.js through unpdf's serverless build), laid out as the report's
 * paragraphs by {@link layoutPdfText}. A PDF with (almost) no text is a scan: NO_TEXT_LAYER. A
 * PDF that needs a password, or that PDF.js cannot open, is UNREADABLE_DOCUMENT.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  let pages: PdfPageRuns[];
  try {
    // A copy: PDF.js may take over (detach) the buffer it is given.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), {
      verbosity: 0,
      isEvalSupported: false,
      stopAtErrors: false,
    });
    try {
      pages = [];
      for (let n = 1; n <= pdf.numPages; n++) {
        const page = await pdf.getPage(n);
        const content = await page.getTextContent();
        pages.push({ runs: (content.items as TextItemLike[]).flatMap(toRun) });
        page.cleanup();
      }
    } finally {
      await pdf.destroy();
    }
  } catch (err) {
    if ((err as Error).name === 'PasswordException') throw passwordProtected('pdf');
    throw damagedDocument('pdf', (err as Error).message);
  }
  const text = layoutPdfText(pages);
  const letters = text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (letters < MIN_LETTERS_PER_PAGE * Math.max(1, pages.length)) throw noTextLayer();
  return text;
}

function toRun(item: TextItemLike): PdfTextRun[] {
  if (typeof item.str !== 'string' || !item.transform) return [];
  const [a, b, , , x, y] = item.transform;
  // Rotated text (a vertical stamp, a watermark across the page) is not part of the report's lines.
  if (Math.abs(b) > Math.abs(a) * 0.1) return [];
  const fontSize = Math.hypot(a, b) || item.height || 0;
  return [{ str: item.str, x, y, width: item.width ?? 0, fontSize }];
}
