import { distinctDates, findDeadlines } from './deadlines.extractor';

function dates(text: string, planYear = 2025): string[] {
  return distinctDates(findDeadlines(text, 0, text.length, planYear));
}

describe(findDeadlines.name, () => {
  it.each([
    ['6月底前完成', ['2025-06-30']],
    ['9月底前出台办法', ['2025-09-30']],
    ['年底前全面完成', ['2025-12-31']],
    ['年内建成', ['2025-12-31']],
    ['全年开展督察', ['2025-12-31']],
    ['上半年完成试点', ['2025-06-30']],
    ['第三季度末前完成复核', ['2025-09-30']],
    ['第三季度前', ['2025-09-30']],
    ['一季度制定方案', ['2025-03-31']],
    ['2025年10月31日前形成报告', ['2025-10-31']],
    ['2026年3月底前验收', ['2026-03-31']],
    ['十二月底前', ['2025-12-31']],
    ['3月15日前报送', ['2025-03-15']],
  ])('resolves %s in the plan year', (text, expected) => {
    expect(dates(text)).toEqual(expected);
  });

  it('ignores years without a month, month-named practices and impossible dates', () => {
    expect(dates('三年行动计划(2023-2025年)')).toEqual([]);
    expect(dates('探索“一月一调度”做法')).toEqual([]);
    expect(dates('2025年2月30日前')).toEqual([]);
  });

  it('returns each date once, ascending, with offsets of the phrase', () => {
    const text = '年底前完成，6月底前启动，年内建成';
    expect(dates(text)).toEqual(['2025-06-30', '2025-12-31']);
    const found = findDeadlines(text, 0, text.length, 2025);
    expect(found.map((d) => text.slice(d.start, d.end))).toEqual(['年底前', '6月底前', '年内']);
  });
});
