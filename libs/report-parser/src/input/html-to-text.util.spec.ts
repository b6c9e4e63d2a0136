import fc from 'fast-check';
import { capNesting, htmlToText, MAX_HTML_DEPTH } from './html-to-text.util';

/** The deepest run of explicitly opened, not yet closed, non-void tags. */
function depthOf(html: string): number {
  let depth = 0;
  let max = 0;
  for (const [, slash] of html.matchAll(/<(\/?)(?:div|span|section|p)\b[^<>]*>/g)) {
    depth += slash ? -1 : 1;
    max = Math.max(max, depth);
  }
  return max;
}

describe(capNesting.name, () => {
  it('leaves a page within the bound untouched, byte for byte', () => {
    const page =
      '<html><body><div class="a"><p>一、2024年工作安排</p><br/><img src="x"><p>（一）加强执法</p></div></body></html>';
    expect(capNesting(page)).toBe(page);
  });

  it('unwraps elements deeper than the bound and keeps every word and line of their text', () => {
    const depth = MAX_HTML_DEPTH * 4;
    const html = `<body>${'<div>'.repeat(depth)}<p>一、下一步工作安排</p><p>（一）推进依法行政</p>${'</div>'.repeat(depth)}<p>结尾</p></body>`;
    const capped = capNesting(html);
    expect(depthOf(capped)).toBeLessThanOrEqual(MAX_HTML_DEPTH);
    expect(htmlToText(html).split('\n')).toEqual(['一、下一步工作安排', '（一）推进依法行政', '结尾']);
  });

  it('bounds any nesting of a few tags and loses none of its text', () => {
    const tag = fc.constantFrom('div', 'span', 'section', 'p');
    const node: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('工作', '安排', 'x'),
        fc.tuple(tag, fc.array(tie('node'), { maxLength: 3 })).map(([t, kids]) => `<${t}>${kids.join('')}</${t}>`),
      ),
    })).node;
    fc.assert(
      fc.property(node, fc.integer({ min: 1, max: 40 }), (inner, wrap) => {
        const page = `${'<div>'.repeat(wrap)}${inner}${'</div>'.repeat(wrap)}`;
        expect(depthOf(capNesting(page, 16))).toBeLessThanOrEqual(16);
        // No text is lost, by capping or by the reading (line breaks aside).
        const textOf = (html: string) => html.replace(/<[^>]*>/g, '').replace(/\s+/g, '');
        expect(textOf(capNesting(page, 16))).toBe(textOf(page));
        expect(htmlToText(page).replace(/\s+/g, '')).toBe(textOf(page));
      }),
    );
  });

  it('stays within the bound on an unclosed run of open tags and on tags that never end', () => {
    expect(depthOf(capNesting('<div>x'.repeat(5000)))).toBeLessThanOrEqual(MAX_HTML_DEPTH);
    const broken = '<a<div<span'.repeat(1000);
    expect(capNesting(broken)).toBe(broken);
  });
});
