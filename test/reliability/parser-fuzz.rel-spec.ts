import fc from 'fast-check';
import iconv from 'iconv-lite';
import { parseReport, type ParsedPlanItem } from '@luoshi/report-parser';
import { sample } from '../support/fixtures';

/**
 * The parser under 10,000+ generated inputs of four kinds: raw bytes, report-shaped text (sample
 * lines shuffled with the genre's markers and noise), the same encoded as GBK, and the same wrapped
 * in HTML. It must never throw, refuse only with its documented codes, and every offset it gives
 * must slice back to the text it reports. Seeded, so a failure reproduces.
 */
const CODES = ['EMPTY_INPUT', 'BINARY_INPUT', 'TOO_LARGE', 'NOT_A_REPORT'];
const DOCS = ['xihu-2023.txt', 'xihu-2024.txt', 'wuhou-2024.txt'].map((f) => sample(f).toString('utf8'));
const LINES = DOCS.flatMap((d) => d.split('\n'));
const MARKERS = [
  '三、2025年工作安排',
  '四、下一步打算',
  '（一）',
  '（十二）',
  '一是',
  '1.',
  '2、',
  '①',
  '（1）',
  '下一步，我局将',
  '专此报告。',
  '牵头单位：',
  '6月底前',
  '不少于200家',
  '每季度',
  '相关文章',
  '｜',
  '：',
  '\u3000',
  '\r\n',
  '\t',
];

const reportish = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.constantFrom(...LINES),
        fc.constantFrom(...MARKERS),
        fc.string({ maxLength: 30 }),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
      ),
      { maxLength: 80 },
    ),
    fc.constantFrom('\n', '', '。', ' ', '\r\n'),
  )
  .map(([parts, separator]) => parts.join(separator));

const WIDTH: Record<string, string> = {
  '，': ',',
  '。': '.',
  '：': ':',
  '（': '(',
  '）': ')',
  '；': ';',
  '1': '１',
  '2': '２',
};

/** A real report with its lines mutated: deleted, repeated, cut, joined, noise or markers inserted, punctuation re-widthed. */
const mutated = fc
  .tuple(
    fc.constantFrom(...DOCS),
    fc.array(
      fc.record({
        op: fc.constantFrom('delete', 'repeat', 'insert', 'cut', 'join', 'width'),
        at: fc.nat(),
        noise: fc.oneof(fc.constantFrom(...MARKERS), fc.string({ maxLength: 12 })),
      }),
      { maxLength: 12 },
    ),
  )
  .map(([doc, ops]) => {
    const lines = doc.split('\n');
    for (const { op, at, noise } of ops) {
      const i = at % Math.max(1, lines.length);
      if (op === 'delete') lines.splice(i, 1);
      else if (op === 'repeat') lines.splice(i, 0, lines[i] ?? '');
      else if (op === 'insert') lines.splice(i, 0, noise);
      else if (op === 'cut') lines[i] = (lines[i] ?? '').slice(0, at % 17) + noise;
      else if (op === 'join' && i + 1 < lines.length) lines.splice(i, 2, `${lines[i]}${lines[i + 1]}`);
      else if (op === 'width') lines[i] = (lines[i] ?? '').replace(/[，。：（）；12]/g, (c) => WIDTH[c] ?? c);
    }
    return lines.join('\n');
  });
const reportLike = fc.oneof({ arbitrary: mutated, weight: 3 }, { arbitrary: reportish, weight: 1 });

const KINDS = {
  bytes: fc.uint8Array({ maxLength: 4096 }),
  text: fc.oneof(
    { arbitrary: mutated, weight: 4 },
    reportish,
    fc.string({ maxLength: 800 }),
    fc.string({ unit: 'binary', maxLength: 400 }),
  ),
  gbk: reportLike.map((text) => new Uint8Array(iconv.encode(text, 'gbk'))),
  html: fc
    .tuple(
      reportLike,
      fc.constantFrom('<p>', '<br>', '</div><div>', '<script>alert(1)</script>', '<!-- x -->', '&nbsp;', '&amp;'),
    )
    .map(
      ([text, tag]) =>
        `<html><head><meta charset="utf-8"><title>报告</title></head><body><nav>首页</nav>${text.split('\n').join(tag)}</body></html>`,
    ),
};
const RUNS_PER_KIND = 2_600;
let tried = 0;
const parsed = { ok: 0, withItems: 0 };

function walk(items: ParsedPlanItem[], visit: (item: ParsedPlanItem) => void): void {
  for (const item of items) {
    visit(item);
    walk(item.children, visit);
  }
}

describe('parser fuzzing', () => {
  afterAll(() =>
    process.stdout.write(
      `parser fuzzing: ${tried} generated inputs, ${parsed.ok} read as reports, ${parsed.withItems} with plan items\n`,
    ),
  );

  it.each(Object.keys(KINDS) as Array<keyof typeof KINDS>)('survives %s inputs with sound results', (kind) => {
    fc.assert(
      fc.property(KINDS[kind] as fc.Arbitrary<string | Uint8Array>, (input) => {
        tried++;
        const result =
          typeof input === 'string' && kind === 'html' ? parseReport(input, { html: true }) : parseReport(input);
        if (!result.ok) {
          expect(CODES).toContain(result.error.code);
          expect(result.error.messageZh.length).toBeGreaterThan(0);
          return;
        }
        parsed.ok++;
        if (result.items.length > 0) parsed.withItems++;
        walk(result.items, (item) => {
          expect(result.text.slice(item.start, item.end)).toBe(item.body);
          for (const action of item.actions) expect(result.text.slice(action.start, action.end)).toBe(action.text);
          for (const due of item.deadlines) expect(Number.isNaN(Date.parse(`${due}T00:00:00Z`))).toBe(false);
        });
        for (const section of result.report.sections)
          expect(section.start <= section.end && section.end <= result.text.length).toBe(true);
      }),
      { numRuns: RUNS_PER_KIND, seed: 20261121 },
    );
  });

  it('tried at least 10,000 cases, enough of them deep in the item parser', () => {
    expect(tried).toBeGreaterThanOrEqual(10_000);
    expect(parsed.withItems).toBeGreaterThanOrEqual(1_000);
  });
});
