import { inlineMarkerRun, leadingMarker } from './markers.util';

describe(leadingMarker.name, () => {
  it.each([
    ['(一)加强领导', 'cn-paren', 1],
    ['(十二)其他', 'cn-paren', 12],
    ['一、总体要求', 'cn-dun', 1],
    ['三是提升效能', 'cn-shi', 3],
    ['二要强化监督', 'cn-shi', 2],
    ['第一,建立台账', 'di', 1],
    ['1.完善制度', 'num-dot', 1],
    ['2、健全机制', 'num-dot', 2],
    ['(3)开展培训', 'num-paren', 3],
    ['④加强宣传', 'circled', 4],
  ])('reads %s as %s %d', (text, type, ordinal) => {
    expect(leadingMarker(text)).toMatchObject({ type, ordinal });
  });

  it.each(['2024年,我局将', '1.5%的增长', '统一是基础', '一是,', '深入推进依法行政'])(
    'finds no marker in %s',
    (text) => {
      expect(leadingMarker(text)).toBeNull();
    },
  );
});

describe(inlineMarkerRun.name, () => {
  it('finds a numbered run of 一是…二是…三是 and ignores look-alikes', () => {
    const text = '坚持统一是前提。一是加强领导,二是压实责任;三是强化督察。';
    const run = inlineMarkerRun(text, 0, text.length);
    expect(run.map((m) => [m.type, m.ordinal, text.slice(m.at, m.after)])).toEqual([
      ['cn-shi', 1, '一是'],
      ['cn-shi', 2, '二是'],
      ['cn-shi', 3, '三是'],
    ]);
  });

  it('requires at least two markers in sequence', () => {
    const text = '一是加强领导。';
    expect(inlineMarkerRun(text, 0, text.length)).toEqual([]);
  });

  it('reads 第一，第二，', () => {
    const text = '具体是:第一,建立台账;第二,召开座谈会。';
    expect(inlineMarkerRun(text, 0, text.length).map((m) => m.ordinal)).toEqual([1, 2]);
  });
});
