import type { TargetResult } from '@luoshi/text';
import escapeHtml from 'escape-html';
import ExcelJS from 'exceljs';
import type { CommitmentAuditDto, FollowThroughRowDto } from './audit.dto';

const VERDICT_ZH: Record<string, string> = { evidenced: '已落实', partial: '部分落实', not_found: '未见落实' };
const STATUS_ZH: Record<string, string> = { evidenced: '已完成', partial: '部分完成', not_found: '未完成' };

function firstEvidence(c: CommitmentAuditDto): { heading: string; text: string } | null {
  const e = c.evidence[0] as { heading?: string; text?: string } | undefined;
  return e?.text ? { heading: e.heading ?? '', text: e.text } : null;
}

function remarks(c: CommitmentAuditDto): string {
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
  ]).font = { bold: true };
  for (const r of rows)
    summary.addRow([
      r.bureauName,
      r.commitments,
      r.evidenced,
      r.partial,
      r.notFound,
      r.carriedOver,
      r.acknowledgedShortfalls,
      r.targetsMet,
      r.targetsMissed,
      `${Math.round(r.rate * 100)}%`,
    ]);
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
th{background:#eee}.evidenced{color:#11703a}.partial{color:#9a6700}.not_found{color:#b42318}
@media print{body{margin:0}a{color:inherit}}`;

/** A printable page of the scorecard citing both years' paragraphs. Every text is escaped. */
export function scorecardHtml(title: string, rows: FollowThroughRowDto[], commitments: CommitmentAuditDto[]): string {
  const e = escapeHtml;
  const summary = rows
    .map(
      (r) =>
        `<tr><td>${e(r.bureauName)}</td><td>${r.commitments}</td><td>${r.evidenced}</td><td>${r.partial}</td><td>${r.notFound}</td><td>${r.carriedOver}</td><td>${r.acknowledgedShortfalls}</td><td>${r.targetsMet}/${r.targetsMet + r.targetsMissed}</td><td>${Math.round(r.rate * 100)}%</td></tr>`,
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
<table><thead><tr><th>单位</th><th>承诺事项</th><th>已落实</th><th>部分落实</th><th>未见落实</th><th>列入下年计划</th><th>自认不足</th><th>指标达标</th><th>落实率</th></tr></thead><tbody>${summary}</tbody></table>
<h2>逐项核查</h2>
<table><thead><tr><th>序号</th><th>工作安排（上年报告）</th><th>落实情况（次年报告）</th><th>结论</th><th>备注</th></tr></thead><tbody>${detail}</tbody></table>
</body></html>`;
}

/** The draft table 上年度工作安排落实情况 a bureau can paste into its next report. */
export function draftTableHtml(title: string, commitments: CommitmentAuditDto[]): string {
  const e = escapeHtml;
  const rows = commitments
    .map((c, i) => {
      const ev = firstEvidence(c);
      return `<tr><td>${i + 1}</td><td>${e(c.title)}</td><td>${e(ev?.text ?? '')}</td><td>${e(STATUS_ZH[c.effectiveVerdict])}</td><td>${e(remarks(c))}</td></tr>`;
    })
    .join('');
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${e(title)}</title><style>${PAGE_STYLE}</style></head><body>
<h1>${e(title)}</h1>
<table><thead><tr><th>序号</th><th>工作安排</th><th>落实情况</th><th>完成情况</th><th>备注</th></tr></thead><tbody>${rows}</tbody></table>
</body></html>`;
}
