import { findTargets } from './targets.extractor';

function targets(text: string) {
  return findTargets(text, text, 0, text.length).map(({ metric, op, value, unit }) => ({ metric, op, value, unit }));
}

describe(findTargets.name, () => {
  it.each([
    ['坚决把我区行政诉讼案件败诉率控制在8%以内', { metric: '行政诉讼案件败诉率', op: '<=', value: 8, unit: '%' }],
    ['法治衢州考核衢江区力争全市前2名', { metric: '法治衢州考核排名', op: '<=', value: 2, unit: '名' }],
    ['群众满意度达到95%以上', { metric: '群众满意度', op: '>=', value: 95, unit: '%' }],
    ['办理法律援助案件不少于650件', { metric: '办理法律援助案件', op: '>=', value: 650, unit: '件' }],
    ['新增公职律师6名', { metric: '新增公职律师', op: '>=', value: 6, unit: '名' }],
    ['直接纠错率不低于8%', { metric: '直接纠错率', op: '>=', value: 8, unit: '%' }],
    ['行政复议案件纠错率不超过15%', { metric: '行政复议案件纠错率', op: '<=', value: 15, unit: '%' }],
    ['出庭应诉率保持100%', { metric: '出庭应诉率', op: '>=', value: 100, unit: '%' }],
    ['行政复议案件平均办理周期压减到45天以内', { metric: '行政复议案件平均办理周期', op: '<=', value: 45, unit: '天' }],
    ['培训执法人员1.2万人次', { metric: '培训执法人员', op: '>=', value: 12000, unit: '人次' }],
  ])('reads %s', (text, expected) => {
    expect(targets(text)).toEqual([expected]);
  });

  it('keeps the target text as printed, without the lead-in', () => {
    const text = '坚决把我区行政诉讼案件败诉率控制在8%以内';
    expect(findTargets(text, text, 0, text.length)[0].text).toBe('行政诉讼案件败诉率控制在8%以内');
  });

  it('finds nothing in a pledge without numbers or in names and hotlines', () => {
    expect(targets('进一步加强法治宣传教育')).toEqual([]);
    expect(targets('整合12348热线资源')).toEqual([]);
    expect(targets('深化“优环境 帮企业 促发展”15条措施')).toEqual([]);
  });
});
