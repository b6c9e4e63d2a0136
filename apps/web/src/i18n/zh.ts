/** Chinese UI strings (the default language). en.ts must have the same keys. */
export const zh = {
  app: { name: '落实', tagline: '法治政府建设年度报告工作安排跟踪', language: 'English', logout: '退出登录', skip: '跳到主要内容' },
  nav: { tasks: '我的任务', upload: '上传年报', audit: '落实审计', calendar: '日历', main: '主导航' },
  role: { admin: '管理员', supervisor: '督查人员', staff: '业务人员' },
  login: { title: '登录', email: '邮箱', password: '密码', submit: '登录', busy: '正在登录…' },
  status: { planned: '未开始', in_progress: '推进中', blocked: '受阻', submitted: '待销号', returned: '已退回', closed: '已销号', dropped: '不再推进' },
  light: { green: '正常', yellow: '临近到期', red: '已逾期', none: '—' },
  verdict: { evidenced: '已落实', partial: '部分落实', not_found: '未见成效' },
  recurrence: { monthly: '每月', quarterly: '每季度', yearly: '每年', weekly: '每周', half_yearly: '每半年' },
  common: {
    loading: '加载中…', save: '保存', cancel: '取消', none: '无', all: '全部', reload: '刷新', close: '关闭', page: '第 {{page}} / {{pages}} 页',
    prev: '上一页', next: '下一页', total: '共 {{count}} 项', error: '出错了', copy: '复制', copied: '已复制', optional: '选填',
  },
  tasks: {
    title: '我的任务', list: '列表', board: '看板', view: '视图', filters: '筛选', bureau: '单位（含下级）', planYear: '计划年度', status: '状态',
    owner: '牵头单位', overdue: '只看逾期', search: '关键词', apply: '查询', reset: '重置', path: '序号', item: '工作事项', due: '完成时限',
    assignee: '责任人', light: '进度', select: '选择', selectAll: '全选本页', bulkAssign: '批量指派给', assign: '指派', unassigned: '未指派',
    assigned: '已指派 {{count}} 项', exportCsv: '导出 CSV', exportXlsx: '导出 Excel', subscribe: '订阅日历', subscribeHelp: '在日历应用（如 Outlook、手机日历）中订阅以下地址：',
    allTasks: '全部任务', mine: '只含指派给我的', empty: '没有符合条件的任务。', noDue: '未定', days: { left: '剩 {{count}} 天', over: '逾期 {{count}} 天', today: '今天到期' },
  },
  task: {
    back: '返回任务列表', source: '出处：报告 #{{reportId}} 第 {{start}}–{{end}} 字', showSource: '查看原文', hideSource: '收起原文', text: '原文',
    actions: '具体举措', targets: '量化指标', coOwners: '配合单位', recurrence: '周期', originalDue: '原定时限', children: '子事项',
    move: '变更状态', to: '转为「{{status}}」', reason: '原因', evidence: '完成佐证', confirm: '确认', reasonNeeded: '请填写原因', evidenceNeeded: '请填写完成佐证',
    progress: '进展记录', addProgress: '填报进展', percent: '完成百分比', note: '进展说明', evidenceUrl: '佐证链接', noProgress: '还没有进展记录。',
    comments: '讨论', addComment: '发表评论', comment: '评论内容', noComments: '还没有评论。',
    reminders: '提醒记录', noReminders: '还没有发送提醒。', kind: '类型', sendOn: '发送日期', attempts: '尝试次数', result: '结果',
    reminderStatus: { pending: '待发送', sent: '已发送', failed: '发送失败', cancelled: '已取消', folded: '已并入汇总' },
    reminderKind: { before: '到期前提醒', overdue: '逾期提醒', escalation: '逾期督办', digest: '每日汇总', annual_report: '年报提醒' },
    followup: '次年报告中的落实情况', noEvidence: '尚未与次年报告关联。', score: '匹配度', shortfall: '报告中自认不足', carriedOver: '次年继续安排',
    target: '指标', actual: '实际', met: '已达成', missed: '未达成', unknown: '未提及', acceptEvidence: '采用此佐证',
    conflict: '此任务已被他人修改（版本冲突）。请刷新后再操作，您的输入不会自动提交。', saved: '已保存', readOnly: '您可以查看此任务，但不能修改。',
    assignee: '责任人',
  },
  upload: {
    title: '上传年报', paste: '粘贴正文', file: '上传文件', fileHelp: '支持 TXT、HTML，UTF-8 或 GBK 编码均可', text: '报告正文',
    preview: '预览解析结果', previewing: '正在解析…', result: '解析结果', reportTitle: '标题', bureau: '单位', matched: '已匹配单位：{{name}}',
    detectBureau: '按报告识别', reportYear: '报告年度', planYear: '计划年度', publishDate: '发布日期', items: '工作安排（{{count}} 项）',
    warnings: '提示', confirm: '确认并生成任务', confirming: '正在保存…', created: '已保存报告 #{{id}}，生成 {{count}} 项任务。', duplicate: '该报告此前已上传过（报告 #{{id}}），未重复生成任务。',
    viewTasks: '查看这些任务', chooseInput: '请粘贴正文或选择文件。', owner: '牵头', deadline: '时限', targets: '指标',
  },
  audit: {
    title: '落实审计', planYear: '计划年度', bureau: '单位（含下级）', rate: '落实率', commitments: '承诺事项', evidenced: '已落实', partial: '部分落实',
    notFound: '未见成效', carriedOver: '继续安排', shortfalls: '自认不足', targetsMet: '指标达成', targetsMissed: '指标未达成', total: '合计',
    drill: '查看明细', chartRate: '各单位落实率', chartVerdicts: '落实情况分布', detail: '{{name}}：逐项核对', commitment: '承诺（上年报告）',
    evidence: '佐证（次年报告）', decision: '人工核定', confirmLink: '确认', rejectLink: '驳回', confirmed: '已确认', rejected: '已驳回',
    empty: '该范围内暂无可审计的承诺（需要上一年度报告及次年报告）。', scorecard: '打开督察评分表', noPassages: '未找到对应段落',
  },
  calendar: { title: '日历', help: '各任务的完成时限。点击事项查看详情。', subscribe: '订阅到日历应用' },
  error: { notFound: '页面不存在', forbidden: '您没有权限查看此内容。' },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Dictionary = Widen<typeof zh>;
