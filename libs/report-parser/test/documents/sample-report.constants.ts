/**
 * A short annual report written for the document tests (not a real bureau's text): title, a year's
 * account, problems and a next-year plan whose items name owners, deadlines and targets. Long
 * paragraphs wrap over several lines in the generated PDF, and one runs across its page break.
 */
export const SAMPLE_REPORT_PARAGRAPHS: readonly string[] = [
  '成都市青羊区司法局2024年法治政府建设年度报告',
  '2024年，青羊区司法局在区委、区政府的坚强领导下，认真贯彻落实中央和省市关于法治政府建设的决策部署，坚持依法行政，持续推进严格规范公正文明执法，各项工作取得了新的成效。现将有关情况报告如下：',
  '一、2024年度推进法治政府建设的主要举措和成效',
  '（一）健全依法决策机制。全年审查区政府重大行政决策事项36件，审核行政规范性文件18件，提出合法性审查意见96条，全部被采纳，决策的科学化、民主化、法治化水平进一步提升。',
  '（二）规范行政执法行为。组织全区行政执法人员培训10期，开展行政执法案卷评查两次，评查案卷320卷，案卷合格率达到98%，行政执法“三项制度”在全区执法部门全面落实。',
  '二、存在的问题和不足',
  '一是基层法治工作力量依然薄弱，部分街道缺少专职法治工作人员。二是法治宣传教育的针对性和实效性还有待进一步增强。',
  '三、2025年工作安排',
  '2025年，青羊区司法局将紧紧围绕法治政府建设的目标任务，重点抓好以下工作：',
  '（一）提升行政复议质效。6月底前出台行政复议案件繁简分流办法，全年办理行政复议案件不少于300件，行政复议案件纠错率控制在8%以内。（牵头单位：区司法局；配合单位：区法院）',
  '（二）加强公共法律服务。9月底前完成全区街道公共法律服务工作站规范化建设，新增公职律师5名，群众满意度达到95%以上。责任单位：区公共法律服务中心',
  '（三）深化法治宣传教育。每季度开展一次“法律进社区”活动，全年举办法治讲座不少于40场，年底前完成“八五”普法总结验收。',
  '成都市青羊区司法局',
  '2025年3月15日',
];

export const SAMPLE_REPORT_TEXT = SAMPLE_REPORT_PARAGRAPHS.join('\n');
