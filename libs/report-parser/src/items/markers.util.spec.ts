import { inlineMarkerRun, leadingMarker } from './markers.util';

describe(leadingMarker.name, () => {
  it.each([
    ['(一)加强领导', 'cn-paren', 1],
    ['(十二)其他', 'cn-paren', 12],
    ['一、总体要求', 'cn-dun', 1],
    ['三是提升效能', 'cn-shi', 3],
    ['二要强化监督', 'cn-yao', 2],
    ['其二,完善制度', 'qi', 2],
    ['首先,统一思想', 'seq', 1],
    ['第一,建立台账', 'di', 1],
    ['1.完善制度', 'num-dot', 1],
    ['2、健全机制', 'num-dot', 2],
    ['(3)开展培训', 'num-paren', 3],
    ['④加强宣传', 'circled', 4],
  ])('reads %s as %s %d', (text, type, ordinal) => {
    expect(leadingMarker(text)).toMatchObject({ type, ordinal });
  });

  it.each(['2024年,我局将', '1.5%的增长', '统一是基础', '一是,', '深入推进依法行政', '一要求各单位', '其中,'])(
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

  it('keeps 一是 and 一要 runs apart: a 一要 run is its own family', () => {
    const text = '一要统一思想,二要压实责任。一是建台账,二是抓督办,三是严考核。';
    expect(inlineMarkerRun(text, 0, text.length).map((m) => [m.type, m.ordinal])).toEqual([
      ['cn-shi', 1],
      ['cn-shi', 2],
      ['cn-shi', 3],
    ]);
  });

  it('reads 其一…其二 and 首先…其次…最后, where 最后 closes the run', () => {
    const qi = '安排如下:其一,健全制度;其二,强化执行;其三,加强监督。';
    expect(inlineMarkerRun(qi, 0, qi.length).map((m) => [m.type, m.ordinal])).toEqual([
      ['qi', 1],
      ['qi', 2],
      ['qi', 3],
    ]);
    const seq = '首先,抓学习。其次,抓制度。最后,抓落实。最后一句不是标记。';
    expect(inlineMarkerRun(seq, 0, seq.length).map((m) => [m.type, m.ordinal, seq.slice(m.at, m.after)])).toEqual([
      ['seq', 1, '首先,'],
      ['seq', 2, '其次,'],
      ['seq', 3, '最后,'],
    ]);
  });
});
