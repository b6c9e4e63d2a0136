import fc from 'fast-check';
import { loadFixtures } from '../test/fixtures.helper';
import type { ParsedPlanItem } from './index';
import { parseReport } from './report-parser';

const CODES = ['EMPTY_INPUT', 'BINARY_INPUT', 'TOO_LARGE', 'NOT_A_REPORT'];
const samples = loadFixtures('ok')
  .map((c) => c.input.toString('utf8'))
  .filter((t) => !t.includes('\u0000'));

/** Report-like text: fixture fragments shuffled with markers, headings and noise. */
const reportish = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.constantFrom(...samples.flatMap((s) => s.split('\n'))),
        fc.constantFrom(
          '三、2025年工作安排',
          '（一）',
          '一是',
          '1.',
          '①',
          '下一步，我局将',
          '专此报告。',
          '相关文章',
          '发文机关：',
          '索引号：',
          '主题词：',
          '关于',
          '中共青禾县委',
          '青禾县人民政府',
          '发文机关：青禾县司法局',
          '主题词：法治 报告 发文机关：青禾县公安局',
          '索引号：QH-2024-07 青禾县司法局',
          '青禾县司法局关于2023年度法治政府建设情况的报告',
          '关于青禾县2023年度法治政府建设情况的报告',
          '<p>',
          '</div>',
          '|',
          '：',
        ),
        fc.string({ maxLength: 40 }),
      ),
      { maxLength: 60 },
    ),
    fc.constantFrom('\n', '', '。', ' '),
  )
  .map(([parts, separator]) => parts.join(separator));

function walk(items: ParsedPlanItem[], visit: (i: ParsedPlanItem) => void): void {
  for (const i of items) {
    visit(i);
    walk(i.children, visit);
  }
}

describe('parseReport properties', () => {
  it('never throws on arbitrary bytes and only refuses with a known code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const result = parseReport(bytes);
        if (!result.ok) expect(CODES).toContain(result.error.code);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary or report-like strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 500 }), fc.string({ unit: 'binary', maxLength: 300 }), reportish),
        (text) => {
          const result = parseReport(text);
          if (!result.ok) expect(CODES).toContain(result.error.code);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(reportish, (text) => {
        expect(parseReport(text)).toEqual(parseReport(text));
      }),
      { numRuns: 150 },
    );
  });

  it('gives offsets that slice back to item bodies and actions', () => {
    fc.assert(
      fc.property(reportish, (text) => {
        const result = parseReport(text);
        if (!result.ok) return;
        walk(result.items, (item) => {
          expect(result.text.slice(item.start, item.end)).toBe(item.body);
          expect(item.body.startsWith(item.title)).toBe(true);
          for (const a of item.actions) expect(result.text.slice(a.start, a.end)).toBe(a.text);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never names a bureau with page labels in it (发文机关, 索引号, 主题词, 关于…)', () => {
    fc.assert(
      fc.property(reportish, (text) => {
        const result = parseReport(text);
        if (!result.ok || result.report.bureau === null) return;
        expect(result.report.bureau).not.toMatch(/发文机关|发布机构|索引号|主题词|名称[:：]|标题[:：]|^关于|[:：|]/);
      }),
      { numRuns: 300 },
    );
  });
});
