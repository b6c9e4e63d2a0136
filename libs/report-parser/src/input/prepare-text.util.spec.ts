import { repairMirrorText } from './prepare-text.util';

describe(repairMirrorText.name, () => {
  it('drops pinyin readings a copying site put after characters, when there are several', () => {
    expect(repairMirrorText('法治建設(shè)穩步推進(jìn)，現(xiàn)將情況報告如下')).toBe(
      '法治建設穩步推進，現將情況報告如下',
    );
    // One bracketed Latin note is the author's, not a site's.
    expect(repairMirrorText('执法记录仪(zhí)一台')).toBe('执法记录仪(zhí)一台');
    expect(repairMirrorText('案件(a)(b)(c)')).toBe('案件(a)(b)(c)');
  });

  it('joins a year to its 年 and keeps other spaces', () => {
    expect(repairMirrorText('2023 年度报告，办理 45 件')).toBe('2023年度报告，办理 45 件');
  });

  it('puts line breaks back before the headings of a page run together on one line', () => {
    const page = `青禾县司法局 2023年度法治政府建设情况报告 2023年，全县${'推进依法行政，'.repeat(20)}现将情况报告如下：一、主要工作 （一）规范执法。评查案卷。二、存在问题 力量不足。三、2024年工作安排 （一）建设司法所。`;
    expect(
      repairMirrorText(page)
        .split('\n')
        .map((l) => l.trim().slice(0, 6)),
    ).toEqual(['青禾县司法局', '2023年，', '一、主要工作', '（一）规范执', '二、存在问题', '三、2024', '（一）建设司']);
    // A page with its line breaks is left alone.
    const lined = '一、主要工作\n（一）规范执法。二、存在问题';
    expect(repairMirrorText(lined)).toBe(lined);
  });
});
