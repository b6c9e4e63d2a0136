/**
 * A small PDF writer for tests: text in a Type0 font with Identity-H encoding and a ToUnicode CMap
 * (what Chinese office software writes), no embedded glyphs — enough for text extraction, which
 * reads character codes and maps them through ToUnicode. Each distinct character gets its own CID.
 */

export interface PdfTextLine {
  text: string;
  /** Left end of the baseline, in points from the page's bottom-left corner. */
  x: number;
  y: number;
  size: number;
}

export interface PdfPageSpec {
  lines: PdfTextLine[];
  /** A full-page picture and no text operators: what a scanner produces. */
  scannedImage?: boolean;
}

export interface PdfOptions {
  /** An /Encrypt dictionary whose password checks fail for the empty password: a password-protected file. */
  passwordProtected?: boolean;
}

export const PAGE_WIDTH = 595;
export const PAGE_HEIGHT = 842;

const HALF_WIDTH = /[\u0020-\u007e]/;

export function writePdf(pages: PdfPageSpec[], options: PdfOptions = {}): Buffer {
  const cids = new Map<string, number>();
  for (const page of pages)
    for (const line of page.lines) for (const ch of line.text) if (!cids.has(ch)) cids.set(ch, cids.size + 1);

  const objects: Array<string | Buffer> = [];
  const add = (body: string | Buffer): number => objects.push(body);
  const catalog = add('');
  const pageTree = add('');
  const font = add('');
  const cidFont = add('');
  const toUnicode = add(stream(toUnicodeCMap(cids)));
  const descriptor = add(
    '<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>',
  );
  const widths = [...cids].filter(([ch]) => HALF_WIDTH.test(ch)).map(([, cid]) => `${cid} [500]`);
  objects[font - 1] =
    `<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`;
  objects[cidFont - 1] =
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /W [${widths.join(' ')}] /CIDToGIDMap /Identity >>`;
  const image = add(
    Buffer.concat([
      Buffer.from(
        '<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n',
      ),
      Buffer.from([0x20, 0xe0, 0xe0, 0x20]),
      Buffer.from('\nendstream'),
    ]),
  );

  const pageIds: number[] = [];
  for (const page of pages) {
    const ops = page.lines.map(
      (line) =>
        `BT /F1 ${line.size} Tf 1 0 0 1 ${line.x.toFixed(2)} ${line.y.toFixed(2)} Tm <${[...line.text]
          .map((ch) => cids.get(ch)!.toString(16).padStart(4, '0'))
          .join('')}> Tj ET`,
    );
    if (page.scannedImage) ops.push(`q ${PAGE_WIDTH} 0 0 ${PAGE_HEIGHT} 0 0 cm /Im1 Do Q`);
    const contents = add(stream(ops.join('\n')));
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pageTree} 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 ${font} 0 R >> /XObject << /Im1 ${image} 0 R >> >> /Contents ${contents} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pageTree} 0 R >>`;
  objects[pageTree - 1] =
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  const encrypt = options.passwordProtected
    ? add(`<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <${'7a'.repeat(32)}> /U <${'3c'.repeat(32)}> >>`)
    : null;

  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = chunks[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n'),
    ]);
    chunks.push(chunk);
    length += chunk.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root ${catalog} 0 R${encrypt ? ` /Encrypt ${encrypt} 0 R` : ''} /ID [<${'0123456789abcdef'.repeat(2)}> <${'0123456789abcdef'.repeat(2)}>] >>`,
    'startxref',
    String(length),
    '%%EOF',
    '',
  ].join('\n');
  chunks.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks);
}

function stream(content: string): string {
  const bytes = Buffer.from(content, 'latin1');
  return `<< /Length ${bytes.length} >>\nstream\n${content}\nendstream`;
}

/** Maps each CID back to its character (UTF-16BE), in blocks of at most 100 entries as the CMap syntax requires. */
function toUnicodeCMap(cids: Map<string, number>): string {
  const entries = [...cids].map(
    ([ch, cid]) => `<${cid.toString(16).padStart(4, '0')}> <${Buffer.from(ch, 'utf16le').swap16().toString('hex')}>`,
  );
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

export interface ReportPdfOptions {
  /** Characters on a full line (a CJK character is one em wide). */
  charsPerLine?: number;
  linesPerPage?: number;
  /** The running header printed at the top of every page. */
  header?: string;
  /** The page number printed at the foot of every page, e.g. (n) => `— ${n} —`. */
  footer?: (page: number, pages: number) => string;
  size?: number;
}

/**
 * Sets paragraphs the way a word processor prints a Chinese report: each paragraph's first line
 * indented by two characters, long paragraphs wrapped at the right margin, a running header and a
 * page number on every page, paragraphs running on over page breaks.
 */
export function reportPdfPages(paragraphs: readonly string[], options: ReportPdfOptions = {}): PdfPageSpec[] {
  const size = options.size ?? 14;
  const perLine = options.charsPerLine ?? 30;
  const perPage = options.linesPerPage ?? 16;
  const left = 72;
  const top = PAGE_HEIGHT - 100;
  const leading = size * 1.6;
  const lines: Array<{ text: string; indent: number }> = [];
  // Lines are filled as a word processor fills them: a CJK character takes one em, a Latin letter or digit half of one.
  const ems = (ch: string) => (HALF_WIDTH.test(ch) ? 0.5 : 1);
  for (const paragraph of paragraphs) {
    let line = '';
    let used = 2;
    let indent = 2;
    for (const ch of paragraph) {
      if (used + ems(ch) > perLine) {
        lines.push({ text: line, indent });
        [line, used, indent] = ['', 0, 0];
      }
      line += ch;
      used += ems(ch);
    }
    if (line) lines.push({ text: line, indent });
  }
  const pageCount = Math.ceil(lines.length / perPage);
  const pages: PdfPageSpec[] = [];
  for (let p = 0; p < pageCount; p++) {
    const body = lines.slice(p * perPage, (p + 1) * perPage).map((line, i) => ({
      text: line.text,
      x: left + line.indent * size,
      y: top - i * leading,
      size,
    }));
    const chrome: PdfTextLine[] = [];
    if (options.header) chrome.push({ text: options.header, x: left + 4 * size, y: PAGE_HEIGHT - 50, size: 9 });
    if (options.footer) chrome.push({ text: options.footer(p + 1, pageCount), x: PAGE_WIDTH / 2 - 20, y: 40, size: 9 });
    // Footers first: the content stream's order is not the reading order, the layout is.
    pages.push({ lines: [...chrome.reverse(), ...body] });
  }
  return pages;
}
