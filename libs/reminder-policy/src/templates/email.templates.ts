import escapeHtml from 'escape-html';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface TaskLine {
  title: string;
  bureau: string;
  dueDate: string;
  /** Positive: days left; negative: days overdue. */
  daysLeft: number;
  targets: string[];
  url: string;
}

export interface ReminderEmailInput {
  recipientName: string;
  task: TaskLine;
  /** Signed link that mutes reminders for this task. */
  muteUrl: string;
}

const STYLE = 'font-family:"PingFang SC","Microsoft YaHei",sans-serif;color:#222;line-height:1.6';

function when(t: TaskLine): string {
  if (t.daysLeft > 0) return `距完成时限还有${t.daysLeft}天`;
  if (t.daysLeft === 0) return '今天是完成时限';
  return `已逾期${-t.daysLeft}天`;
}

function taskText(t: TaskLine): string {
  return [
    `事项：${t.title}`,
    `单位：${t.bureau}`,
    `完成时限：${t.dueDate}（${when(t)}）`,
    ...(t.targets.length ? [`量化指标：${t.targets.join('；')}`] : []),
    `查看任务：${t.url}`,
  ].join('\n');
}

function taskHtml(t: TaskLine): string {
  const e = escapeHtml;
  return `<table style="border-collapse:collapse"><tr><td>事项</td><td><b>${e(t.title)}</b></td></tr><tr><td>单位</td><td>${e(t.bureau)}</td></tr><tr><td>完成时限</td><td>${e(t.dueDate)}（${e(when(t))}）</td></tr>${
    t.targets.length ? `<tr><td>量化指标</td><td>${e(t.targets.join('；'))}</td></tr>` : ''
  }</table><p><a href="${e(t.url)}">查看任务</a></p>`;
}

function footer(muteUrl: string, what: string): { text: string; html: string } {
  return {
    text: `\n—\n本邮件由落实（luoshi）自动发送。不再接收${what}：${muteUrl}`,
    html: `<hr><p style="font-size:12px;color:#666">本邮件由落实（luoshi）自动发送。<a href="${escapeHtml(muteUrl)}">不再接收${escapeHtml(what)}</a></p>`,
  };
}

function wrap(greeting: string, lead: string, body: string, foot: string): string {
  return `<div style='${STYLE}'><p>${escapeHtml(greeting)}</p><p>${escapeHtml(lead)}</p>${body}${foot}</div>`;
}

/** A reminder before the due date. */
export function beforeDueEmail(input: ReminderEmailInput): EmailContent {
  const { task } = input;
  const f = footer(input.muteUrl, '该任务的提醒');
  const lead = `您负责的工作事项将于${task.dueDate}到期，请抓紧推进并及时报送进展。`;
  return {
    subject: `【落实提醒】${task.title}（${when(task)}）`,
    text: `${input.recipientName}，您好：\n\n${lead}\n\n${taskText(task)}${f.text}`,
    html: wrap(`${input.recipientName}，您好：`, lead, taskHtml(task), f.html),
  };
}

/** The notice the day after the due date passed. */
export function overdueEmail(input: ReminderEmailInput): EmailContent {
  const { task } = input;
  const f = footer(input.muteUrl, '该任务的提醒');
  const lead = `您负责的工作事项已超过完成时限（${task.dueDate}），请尽快办理；确需延期的，请提交延期申请。`;
  return {
    subject: `【逾期提醒】${task.title}（${when(task)}）`,
    text: `${input.recipientName}，您好：\n\n${lead}\n\n${taskText(task)}${f.text}`,
    html: wrap(`${input.recipientName}，您好：`, lead, taskHtml(task), f.html),
  };
}

/** The weekly escalation of an overdue task to the owning bureau's supervisors. */
export function escalationEmail(input: ReminderEmailInput): EmailContent {
  const { task } = input;
  const f = footer(input.muteUrl, '该任务的督办提醒');
  const lead = `以下工作事项已逾期，请督促责任单位加快办理（督办）。`;
  return {
    subject: `【督办】${task.bureau}：${task.title}（${when(task)}）`,
    text: `${input.recipientName}，您好：\n\n${lead}\n\n${taskText(task)}${f.text}`,
    html: wrap(`${input.recipientName}，您好：`, lead, taskHtml(task), f.html),
  };
}

/** One e-mail listing all of a person's due and overdue items (digest mode, or over the weekly cap). */
/** Tasks a digest lists one by one; the rest are counted and linked (a longer e-mail is not read). */
export const DIGEST_LIST_LIMIT = 50;

/**
 * Many tasks in one e-mail, most overdue first, then nearest due. Past DIGEST_LIST_LIMIT the
 * rest are counted with a link to the person's task list.
 */
export function digestEmail(input: {
  recipientName: string;
  date: string;
  tasks: TaskLine[];
  settingsUrl: string;
  listUrl: string;
}): EmailContent {
  const overdue = input.tasks.filter((t) => t.daysLeft < 0).length;
  const f = footer(input.settingsUrl, '汇总提醒（可改为逐项提醒或关闭）');
  const lead = `截至${input.date}，您有${input.tasks.length}项工作临近或超过完成时限${overdue ? `，其中${overdue}项已逾期` : ''}。`;
  const listed = [...input.tasks].sort((a, b) => a.daysLeft - b.daysLeft).slice(0, DIGEST_LIST_LIMIT);
  const rest = input.tasks.length - listed.length;
  const more = rest > 0 ? `另有${rest}项未列出，全部待办请见：` : '';
  return {
    subject: `【落实汇总】${input.date} 共${input.tasks.length}项待办${overdue ? `（逾期${overdue}项）` : ''}`,
    text: `${input.recipientName}，您好：\n\n${lead}\n\n${listed.map((t, i) => `${i + 1}. ${t.title}｜${t.bureau}｜${t.dueDate}（${when(t)}）｜${t.url}`).join('\n')}${more ? `\n……${more}${input.listUrl}` : ''}${f.text}`,
    html: wrap(
      `${input.recipientName}，您好：`,
      lead,
      `<ol>${listed.map((t) => `<li><a href="${escapeHtml(t.url)}">${escapeHtml(t.title)}</a>｜${escapeHtml(t.bureau)}｜${escapeHtml(t.dueDate)}（${escapeHtml(when(t))}）</li>`).join('')}</ol>${more ? `<p>${more}<a href="${escapeHtml(input.listUrl)}">我的任务</a></p>` : ''}`,
      f.html,
    ),
  };
}

/** Before the statutory deadline, to a bureau that has not published last year's report. */
export function annualReportDueEmail(input: {
  recipientName: string;
  bureau: string;
  reportYear: number;
  deadline: string;
  uploadUrl: string;
  settingsUrl: string;
}): EmailContent {
  const f = footer(input.settingsUrl, '此类提醒');
  const lead = `按规定，${input.bureau}${input.reportYear}年度法治政府建设情况报告应于${input.deadline}前公开发布，目前系统中尚无该报告。`;
  return {
    subject: `【年报提醒】${input.bureau}${input.reportYear}年度法治政府建设报告请于${input.deadline}前发布`,
    text: `${input.recipientName}，您好：\n\n${lead}\n发布后请上传：${input.uploadUrl}${f.text}`,
    html: wrap(
      `${input.recipientName}，您好：`,
      lead,
      `<p><a href="${escapeHtml(input.uploadUrl)}">上传年报</a></p>`,
      f.html,
    ),
  };
}

/** To supervisors: the bureaus below them that have not yet published last year's report. */
export function missingReportsEmail(input: {
  recipientName: string;
  reportYear: number;
  deadline: string;
  bureaus: string[];
  settingsUrl: string;
}): EmailContent {
  const f = footer(input.settingsUrl, '此类提醒');
  const lead = `以下${input.bureaus.length}个单位尚未在系统中上传${input.reportYear}年度法治政府建设情况报告（公开发布时限${input.deadline}）：`;
  return {
    subject: `【年报督办】${input.bureaus.length}个单位尚未发布${input.reportYear}年度法治政府建设报告`,
    text: `${input.recipientName}，您好：\n\n${lead}\n${input.bureaus.map((b, i) => `${i + 1}. ${b}`).join('\n')}${f.text}`,
    html: wrap(
      `${input.recipientName}，您好：`,
      lead,
      `<ol>${input.bureaus.map((b) => `<li>${escapeHtml(b)}</li>`).join('')}</ol>`,
      f.html,
    ),
  };
}
