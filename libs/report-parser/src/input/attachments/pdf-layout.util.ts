/** One run of text on a PDF page, in PDF coordinates (origin bottom-left, y up). */
export interface PdfTextRun {
  str: string;
  /** Left end of the run's baseline. */
  x: number;
  y: number;
  width: number;
  fontSize: number;
}

export interface PdfPageRuns {
  runs: PdfTextRun[];
}

interface PdfLine {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  page: number;
}

/** Lines at the top or bottom of a page that may be running headers, footers or page numbers. */
const EDGE_LINES = 2;

/**
 * Page numbers as printed at the head or foot of a page: 3, — 3 —, -3-, 第3页, 第3页 共12页, 3/12,
 * Page 3. A bare number has at most three digits: a year on a line of its own is text.
 */
const PAGE_NUMBER =
  /^(?:[-—–－~～·•\s]*\d{1,3}[-—–－~～·•\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页|\d{1,4}\s*[/／]\s*\d{1,4}|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?)$/i;

/** Lines that open a paragraph whatever their indentation: headings and list items of Chinese reports. */
const PARAGRAPH_START =
  /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)|[①-⑳]|第[一二三四五六七八九十]+[章节条部分])/;

const LATIN_END = /[A-Za-z0-9,.;:!?)%]$/;
const LATIN_START = /^[A-Za-z0-9(]/;

/**
 * Whether the wrapped rest of a line goes on after a space: between words of Latin script, yes;
 * within Chinese text, or a number split over two lines (达到9|8%), no.
 */
function spaceBetween(before: string, after: string): boolean {
  return LATIN_END.test(before) && LATIN_START.test(after) && !(/\d$/.test(before) && /^\d/.test(after));
}

/**
 * A PDF's text runs → the report's text: runs grouped into lines by their baseline and read left
 * to right, lines top to bottom; running headers and footers (a line at a page's edge that repeats
 * on most pages, numbers aside) and bare page numbers dropped; lines joined into paragraphs, one a
 * line of the result. A line opens a paragraph when it is indented (Chinese paragraphs begin two
 * characters in), follows a short line or a wider gap, changes the font size, or starts with a
 * heading or list marker (一、 （一） 1.); otherwise it is the wrapped rest of the one before, on
 * the same page or the next.
 */
export function layoutPdfText(pages: PdfPageRuns[]): string {
  const pageLines = pages.map((page, index) => pageLinesOf(page.runs, index));
  const kept = dropRunningLines(pageLines);
  return paragraphs(kept).join('\n');
}

function pageLinesOf(runs: PdfTextRun[], page: number): PdfLine[] {
  const visible = runs.filter((r) => r.str.trim().length > 0 && r.fontSize > 0);
  // Top to bottom, then left to right; runs whose baselines lie within half a character share a line.
  visible.sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PdfTextRun[][] = [];
  for (const run of visible) {
    const line = groups[groups.length - 1];
    if (line && Math.abs(line[0].y - run.y) <= Math.max(line[0].fontSize, run.fontSize) * 0.5) line.push(run);
    else groups.push([run]);
  }
  return groups.map((group) => {
    group.sort((a, b) => a.x - b.x);
    let text = '';
    let end = -Infinity;
    for (const run of group) {
      const gap = run.x - end;
      const str = text ? run.str : run.str.trimStart();
      if (text && gap > run.fontSize * 2) text += ' ';
      else if (text && gap > run.fontSize * 0.2 && LATIN_END.test(text) && LATIN_START.test(str)) text += ' ';
      text += str;
      end = Math.max(end, run.x + run.width);
    }
    return {
      text: text.trimEnd(),
      x0: group[0].x,
      x1: end,
      y: group[0].y,
      size: quantile(
        group.map((r) => r.fontSize),
        0.5,
      ),
      page,
    };
  });
}

/** Digits stand for any number: "第3页" on one page and "第4页" on the next are the same running line. */
function runningKey(text: string): string {
  return text.replace(/\s+/g, '').replace(/\d+/g, '#');
}

function dropRunningLines(pages: PdfLine[][]): PdfLine[] {
  const edge = (lines: PdfLine[]) => [...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)];
  const seen = new Map<string, number>();
  for (const lines of pages) {
    for (const key of new Set(edge(lines).map((l) => runningKey(l.text)))) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  // Running lines repeat on most pages; a document of one page has none.
  const most = Math.max(2, Math.ceil(pages.length * 0.6));
  const kept: PdfLine[] = [];
  for (const lines of pages) {
    const edges = new Set(edge(lines));
    for (const line of lines) {
      if (edges.has(line) && (PAGE_NUMBER.test(line.text.trim()) || (seen.get(runningKey(line.text)) ?? 0) >= most))
        continue;
      kept.push(line);
    }
  }
  return kept;
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

/** The value most lines share (to the nearest point): the left margin of wrapped lines. */
function mode(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(Math.round(v), (counts.get(Math.round(v)) ?? 0) + 1);
  let best = 0;
  let bestCount = -1;
  for (const [v, c] of counts) if (c > bestCount || (c === bestCount && v < best)) [best, bestCount] = [v, c];
  return best;
}

function paragraphs(lines: PdfLine[]): string[] {
  if (lines.length === 0) return [];
  const margin = mode(lines.map((l) => l.x0));
  // Most lines of a report run to the right margin; the short ones end paragraphs.
  const right = quantile(
    lines.map((l) => l.x1),
    0.8,
  );
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++)
    if (lines[i].page === lines[i - 1].page && lines[i - 1].y > lines[i].y) gaps.push(lines[i - 1].y - lines[i].y);
  const leading = quantile(gaps, 0.5);

  const out: string[] = [];
  let current = '';
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    const text = line.text.trimStart();
    const opens =
      !prev ||
      line.x0 > margin + line.size * 0.8 ||
      prev.x1 < right - prev.size * 1.5 ||
      Math.abs(line.size - prev.size) > prev.size * 0.15 ||
      (line.page === prev.page && leading > 0 && prev.y - line.y > leading * 1.5) ||
      PARAGRAPH_START.test(text);
    if (opens) {
      if (current) out.push(current);
      current = line.text.trimEnd();
    } else {
      current += (spaceBetween(current, text) ? ' ' : '') + text;
    }
  });
  if (current) out.push(current);
  return out;
}
