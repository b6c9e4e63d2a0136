import { SYNONYMS } from './synonyms.data';
import { canonical } from './synonyms.util';

describe('the synonym table', () => {
  it('pairs words of the same length, each variant once, never a variant that is also a canonical word', () => {
    const variants = SYNONYMS.map(([v]) => v);
    const canonicals = new Set(SYNONYMS.map(([, c]) => c));
    for (const [variant, word] of SYNONYMS) expect([variant, variant.length]).toEqual([variant, word.length]);
    expect(new Set(variants).size).toBe(variants.length);
    expect(variants.filter((v) => canonicals.has(v))).toEqual([]);
  });

  it('makes the paraphrases of the genre read alike, keeping offsets', () => {
    expect(canonical('组织开展示范创建活动')).toBe(canonical('开展开展示范创建工作'));
    expect(canonical('推动法治督查')).toBe('推进法治督察');
    const text = '健全制度，强化执法，建成平台';
    expect(canonical(text)).toHaveLength(text.length);
    expect(canonical(text)).toBe('完善制度，加强执法，建立平台');
  });

  it('leaves other words alone', () => {
    expect(canonical('依法行政，法治政府建设')).toBe('依法行政，法治政府建设');
  });
});
