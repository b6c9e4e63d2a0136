import { STATUS_LABELS_ZH, type TaskStatus } from '@luoshi/tasks';
import type { TargetResult } from '@luoshi/text';
import escapeHtml from 'escape-html';
import { loadExcel } from '../common/exceljs.lazy';
import type { CommitmentAuditDto, FollowThroughRowDto } from './audit.dto';

const VERDICT_ZH: Record<string, string> = { evidenced: '已落实', partial: '部分落实', not_found: '未见落实' };
const STATUS_ZH: Record<string, string> = { evidenced: '已完成', partial: '部分完成', not_found: '未完成' };

/** How both rates are computed, printed under every table that shows them. */
export const RATE_NOTE_ZH = '落实率 = (已落实 + 0.5 × 部分落实) ÷ 承诺数；完全落实率 = 已落实 ÷ 承诺数';

/** A rate as the pages print it: one decimal, so a half-counted partial is not rounded away. */
const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

/** What the follow-up report says about one commitment: a stored link outcome or its audit view. */
type EvidenceOf = Pick<CommitmentAuditDto, 'evidence' | 'acknowledgedShortfall' | 'carriedOver' | 'targets'>;

function firstEvidence(c: EvidenceOf): { heading: string; text: string } | null {
  const e = c.evidence[0] as { heading?: string; text?: string } | undefined;
  return e?.text ? { heading: e.heading ?? '', text: e.text } : null;
}

function remarks(c: EvidenceOf): string {
  const notes = [c.acknowledgedShortfall ? '报告自认存在不足' : '', c.carriedOver ? '已列入下一年度工作安排' : ''];
  const targets = (c.targets as TargetResult[]).map(
    (t) =>
      `${t.metric}${t.op}${t.value}${t.unit ?? ''}：${t.actual === null ? '未见数据' : `实际${t.actual}${t.unit ?? ''}，${t.met === true ? '达标' : '未达标'}`}`,
  );
  return [...notes, ...targets].filter(Boolean).join('；');
}

/** The follow-through scorecard for 法治督察: one sheet of totals, one of commitments with both years' text. */
export async function scorecardXlsx(
  title: string,
  rows: FollowThroughRowDto[],
  commitments: CommitmentAuditDto[],
): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'luoshi';
  const summary = workbook.addWorksheet('落实情况汇总');
  summary.addRow([title]).font = { bold: true, size: 14 };
  summary.addRow([
    '单位',
    '承诺事项',
    '已落实',
    '部分落实',
    '未见落实',
    '列入下年计划',
    '自认不足',
    '指标达标',
    '指标未达标',
    '落实率',
    '完全落实率',
  ]).font = { bold: true };
  for (const r of rows) {
    const row = summary.addRow([
      r.bureauName,
      r.commitments,
      r.evidenced,
      r.partial,
      r.notFound,
      r.carriedOver,
      r.acknowledgedShortfalls,
      r.targetsMet,
      r.targetsMissed,
      r.rate,
      r.evidencedRate,
    ]);
    // The rates stay numbers (a reader may sum or chart them), shown as percentages.
    row.getCell(10).numFmt = '0.0%';
    row.getCell(11).numFmt = '0.0%';
  }
  summary.addRow([]);
  summary.addRow([`注：${RATE_NOTE_ZH}`]).font = { italic: true };
  summary.columns.forEach((c, i) => (c.width = i === 0 ? 28 : 12));
  const detail = workbook.addWorksheet('逐项核查');
  detail.addRow([
    '单位编号',
    '计划年度',
    '序号',
    '工作安排（上年报告原文）',
    '落实情况（次年报告原文）',
    '出处',
    '核查结论',
    '人工确认',
    '备注',
  ]).font = { bold: true };
  for (const c of commitments) {
    const e = firstEvidence(c);
    detail.addRow([
      c.bureauId,
      c.planYear ?? '',
      c.path,
      c.body,
      e?.text ?? '',
      e?.heading ?? '',
      VERDICT_ZH[c.effectiveVerdict],
      c.decision === 'confirmed' ? '已确认' : c.decision === 'rejected' ? '已否定' : '',
      remarks(c),
    ]);
  }
  detail.columns.forEach((col, i) => (col.width = [10, 10, 8, 60, 60, 24, 10, 10, 40][i]));
  detail.eachRow((row) => (row.alignment = { wrapText: true, vertical: 'top' }));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const PAGE_STYLE = `body{font-family:"PingFang SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%;margin:1em 0}th,td{border:1px solid #999;padding:6px;vertical-align:top;font-size:14px}
th{background:#eee}.note{color:#555;font-size:13px}.evidenced{color:#11703a}.partial{color:#9a6700}.not_found{color:#b42318}
@media print{body{margin:0}a{color:inherit}}`;

/** A printable page of the scorecard citing both years' paragraphs. Every text is escaped. */
export function scorecardHtml(title: string, rows: FollowThroughRowDto[], commitments: CommitmentAuditDto[]): string {
  const e = escapeHtml;
  const summary = rows
    .map(
      (r) =>
        `<tr><td>${e(r.bureauName)}</td><td>${r.commitments}</td><td>${r.evidenced}</td><td>${r.partial}</td><td>${r.notFound}</td><td>${r.carriedOver}</td><td>${r.acknowledgedShortfalls}</td><td>${r.targetsMet}/${r.targetsMet + r.targetsMissed}</td><td>${percent(r.rate)}</td><td>${percent(r.evidencedRate)}</td></tr>`,
    )
    .join('');
  const detail = commitments
    .map((c) => {
      const ev = firstEvidence(c);
      return `<tr><td>${e(c.path)}</td><td><b>${e(c.title)}</b><br>${e(c.body)}</td><td>${ev ? `<i>${e(ev.heading)}</i><br>${e(ev.text)}` : '—'}</td><td class="${e(c.effectiveVerdict)}">${e(VERDICT_ZH[c.effectiveVerdict])}</td><td>${e(remarks(c))}</td></tr>`;
    })
    .join('');
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${e(title)}</title><style>${PAGE_STYLE}</style></head><body>
<h1>${e(title)}</h1>
<table><thead><tr><th>单位</th><th>承诺事项</th><th>已落实</th><th>部分落实</th><th>未见落实</th><th>列入下年计划</th><th>自认不足</th><th>指标达标</th><th>落实率</th><th>完全落实率</th></tr></thead><tbody>${summary}</tbody></table>
<p class="note">注：${e(RATE_NOTE_ZH)}</p>
<h2>逐项核查</h2>
<table><thead><tr><th>序号</th><th>工作安排（上年报告）</th><th>落实情况（次年报告）</th><th>结论</th><th>备注</th></tr></thead><tbody>${detail}</tbody></table>
</body></html>`;
}

/** One commitment of the draft: the task, what the next report says of it if linked, and its latest progress note. */
export interface DraftCommitment {
  path: string;
  title: string;
  taskStatus: TaskStatus;
  /** The next report's latest link outcome for it, when one exists. */
  outcome: (EvidenceOf & { effectiveVerdict: string }) | null;
  /** The latest progress note recorded in luoshi, with its date (YYYY-MM-DD, Asia/Shanghai). */
  latestNote: { text: string; date: string } | null;
}

/** One bureau's plan year in the draft. */
export interface DraftSection {
  bureauName: string;
  planYear: number;
  commitments: DraftCommitment[];
}

/**
 * The task's own status as the draft states it: done, under way (any active state) or not started.
 * A Record over every status, so a new status cannot be left out.
 */
const PROGRESS_STATUS_ZH: Record<TaskStatus, string> = {
  closed: '已完成',
  in_progress: '推进中',
  submitted: '推进中',
  returned: '推进中',
  blocked: '推进中',
  planned: '未启动',
  dropped: '不再推进',
};

function draftRow(c: DraftCommitment, n: number): string {
  const e = escapeHtml;
  if (c.outcome) {
    const ev = firstEvidence(c.outcome);
    return `<tr><td>${n}</td><td>${e(c.title)}</td><td>${e(ev?.text ?? '')}</td><td>${e(STATUS_ZH[c.outcome.effectiveVerdict])}</td><td>次年报告</td><td>${e(remarks(c.outcome))}</td></tr>`;
  }
  const note = c.latestNote ? `${e(c.latestNote.text)}（${e(c.latestNote.date)}）` : '';
  const status = PROGRESS_STATUS_ZH[c.taskStatus];
  // The three words hide which active state a task is in; the remark names it (申请销号, 受阻, 已退回).
  const remark =
    status === '推进中' && c.taskStatus !== 'in_progress' ? `当前状态：${STATUS_LABELS_ZH[c.taskStatus]}` : '';
  return `<tr><td>${n}</td><td>${e(c.title)}</td><td>${note}</td><td>${e(status)}</td><td>系统进展记录</td><td>${e(remark)}</td></tr>`;
}

/**
 * The draft table 上年度工作安排落实情况 a bureau can paste into its next report, one table per bureau
 * and plan year. Each commitment shows the next report's evidence when a link outcome exists, and
 * otherwise the task's own status and latest progress note; the 来源 column says which. Every text is escaped.
 */
export function draftTableHtml(title: string, sections: DraftSection[]): string {
  const e = escapeHtml;
  const tables = sections
    .map(
      (s) => `<h2>${e(s.bureauName)} ${s.planYear}年度工作安排落实情况</h2>
<table><thead><tr><th>序号</th><th>工作安排</th><th>落实情况</th><th>完成情况</th><th>来源</th><th>备注</th></tr></thead><tbody>${s.commitments.map((c, i) => draftRow(c, i + 1)).join('')}</tbody></table>`,
    )
    .join('\n');
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${e(title)}</title><style>${PAGE_STYLE}</style></head><body>
<h1>${e(title)}</h1>
${tables || '<p class="note">该范围内暂无工作安排。</p>'}
<p class="note">来源：“次年报告”为次年年度报告中与该项对应的内容；“系统进展记录”为次年报告尚未提交或未与该项关联时，系统中记录的任务状态和最近一次进展说明。</p>
</body></html>`;
}
