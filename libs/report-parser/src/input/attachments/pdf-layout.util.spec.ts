import { layoutPdfText, type PdfPageRuns, type PdfTextRun } from './pdf-layout.util';

const SIZE = 12;
const LEFT = 72;
const LEADING = 18;

/** A run of CJK text (one em per character) at column `indent` of line `row` (counted from the top). */
function run(text: string, row: number, indent = 0, size = SIZE): PdfTextRun {
  return {
    str: text,
    x: LEFT + indent * size,
    y: 760 - row * LEADING,
    width: [...text].length * size,
    fontSize: size,
  };
}

/** A line of 20 characters: a full line of the column. */
const FULL = '一二三四五六七八九十'.repeat(2);
/** The full first line of a paragraph, indented by two characters. */
const OPENING = FULL.slice(2);

function page(...runs: PdfTextRun[]): PdfPageRuns {
  return { runs };
}

describe(layoutPdfText.name, () => {
  it('reads runs on one baseline left to right and lines top to bottom, whatever their order in the page', () => {
    const text = layoutPdfText([
      page(
        run('第二行的后半', 1, 6),
        run('标题', 0, 2),
        run('第二行', 1, 2),
        { ...run('的前半', 1, 5), y: 760 - LEADING + 1 }, // a baseline a point higher: the same line
      ),
    ]);
    expect(text).toBe('标题\n第二行的前半第二行的后半');
  });

  it('joins wrapped lines into one paragraph and opens a new one at an indented line, after a short line, or at a heading', () => {
    const heading = `（一）${FULL.slice(3)}`;
    const text = layoutPdfText([
      page(
        run(OPENING, 0, 2),
        run(FULL, 1),
        run('一段结束。', 2),
        run(OPENING, 3, 2),
        run(FULL, 4),
        run(heading, 5),
        run(FULL, 6),
        run('续行', 7),
      ),
    ]);
    expect(text.split('\n')).toEqual([`${OPENING}${FULL}一段结束。`, `${OPENING}${FULL}`, `${heading}${FULL}续行`]);
  });

  it('opens a paragraph after a wider gap and at a change of font size', () => {
    // 24 characters of 10 pt end where 20 of 12 pt do: only the size tells the lines apart.
    const small = `${FULL}一二三四`;
    const text = layoutPdfText([
      page(run(FULL, 0), run(FULL, 1), run(FULL, 3), run(FULL, 4), run(small, 5, 0, 10), run(small, 6, 0, 10)),
    ]);
    expect(text.split('\n')).toEqual([`${FULL}${FULL}`, `${FULL}${FULL}`, `${small}${small}`]);
  });

  it('carries a paragraph over a page break', () => {
    const text = layoutPdfText([page(run(FULL.slice(2), 0, 2), run(FULL, 1)), page(run('下一页接着写完。', 0))]);
    expect(text).toBe(`${FULL.slice(2)}${FULL}下一页接着写完。`);
  });

  it('drops a running header and footer that repeat on most pages, and bare page numbers in their usual forms', () => {
    const numbers = ['— 1 —', '-2-', '第3页', '4/12', '第 5 页 共 12 页'];
    const openings = ['甲段', '乙段', '丙段', '丁段', '戊段'].map((word) => `${word}${FULL.slice(4)}`);
    const pages = numbers.map((number, i) =>
      page(
        run('青羊区司法局文件', 0, 6, 9),
        run(openings[i], 2, 2),
        run(FULL, 3),
        run(FULL, 4),
        run('内部资料 注意保存', 30, 6, 9),
        run(number, 31, 9, 9),
      ),
    );
    expect(layoutPdfText(pages).split('\n')).toEqual(openings.map((opening) => `${opening}${FULL}${FULL}`));
  });

  it('keeps a one-page document’s first lines and a number inside its text, and drops its page number', () => {
    const text = layoutPdfText([
      page(
        run('年度报告', 0, 8),
        run(FULL.slice(2), 1, 2),
        run(FULL, 2),
        run('12', 3, 9),
        run(FULL.slice(2), 4, 2),
        run('结束。', 5),
        run('- 1 -', 30, 9),
      ),
    ]);
    expect(text.split('\n')).toEqual(['年度报告', `${FULL.slice(2)}${FULL}`, '12', `${FULL.slice(2)}结束。`]);
  });

  it('puts a space between Latin words across a wrap, and none inside Chinese text or a number split over two lines', () => {
    // Lines set justified: each runs to the right margin, whatever its number of characters.
    const justified = (text: string, row: number, indent = 0): PdfTextRun => ({
      ...run(text, row, indent),
      width: (20 - indent) * SIZE,
    });
    const text = layoutPdfText([
      page(justified('The plan for', 0, 2), justified('2025 is', 1), justified('达到9', 2), run('8%以上。', 3)),
    ]);
    expect(text).toBe('The plan for 2025 is达到98%以上。');
  });

  it('reads nothing from pages without text', () => {
    expect(layoutPdfText([page(), page()])).toBe('');
  });
});
