import { readAttachment } from './input/attachments/read-attachment.util';
import { htmlByFileName } from './input/html-to-text.util';
import { DEFAULT_MAX_BYTES } from './parser.constants';
import type { ParseOptions, ParseResult } from './parser.types';
import { ReportParseError } from './report-parse.error';
import { parseReport } from './report-parser';

export interface ParseFileOptions extends ParseOptions {
  /**
   * The uploaded file's name, if any: an .html/.htm file is read as HTML (unless `html` says
   * otherwise), and a Word 97 binary named .wps is reported as `wps`. Formats are recognised by
   * content, never by name alone.
   */
  fileName?: string;
}

/**
 * Like {@link parseReport}, and also reads Word (.docx, .doc, WPS .wps) and PDF files with a text
 * layer: their text is extracted first (async), then parsed. The size limit (`maxBytes`, default
 * 5 MiB) applies to the file before anything is extracted. `report.encoding` names the format
 * read ('docx', 'doc', 'wps', 'pdf') and `text` is exactly the extracted text the parser saw, so
 * every offset points into it. Never throws for a refused input: a damaged or password-protected
 * document (UNREADABLE_DOCUMENT) or a scanned PDF (NO_TEXT_LAYER) comes back as `ok: false`.
 */
export async function parseReportFile(
  input: Uint8Array | string,
  options: ParseFileOptions = {},
): Promise<ParseResult> {
  const { fileName, ...parseOptions } = options;
  if (parseOptions.html === undefined && fileName !== undefined) parseOptions.html = htmlByFileName(fileName);
  if (typeof input === 'string' || input.byteLength > (options.maxBytes ?? DEFAULT_MAX_BYTES))
    return parseReport(input, parseOptions);

  let attachment: Awaited<ReturnType<typeof readAttachment>>;
  try {
    attachment = await readAttachment(input, { fileName });
  } catch (err) {
    if (!(err instanceof ReportParseError)) throw err;
    return { ok: false, error: { code: err.code, message: err.message, messageZh: err.messageZh }, report: {} };
  }
  if (!attachment) return parseReport(input, parseOptions);

  const result = parseReport(attachment.text, { ...parseOptions, html: false });
  const encoding = attachment.format;
  if (result.ok) return { ...result, report: { ...result.report, encoding } };
  return { ...result, report: result.report.encoding === undefined ? result.report : { ...result.report, encoding } };
}
