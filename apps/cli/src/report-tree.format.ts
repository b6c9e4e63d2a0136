import type { ParsedPlanItem, ParseResult } from '@luoshi/report-parser';

/** The parser's recurrence codes as a reader of the tree says them. */
const RECURRENCE_ZH: Readonly<Record<string, string>> = {
  weekly: '每周',
  monthly: '每月',
  quarterly: '每季度',
  semiannual: '每半年',
  yearly: '每年',
};

/** One parse result as the JSON object `luoshi parse --json` prints for a file. */
export function toParseJson(file: string, result: ParseResult): Record<string, unknown> {
  if (!result.ok) return { file, ok: false, error: result.error, report: result.report };
  return {
    file,
    ok: true,
    report: result.report,
    items: result.items,
    warnings: result.warnings.map((w) => `${w.code}: ${w.message}`),
  };
}

/** A readable Chinese outline of a parsed report's plan, for terminals. */
export function formatPlanTree(file: string, result: ParseResult): string {
  if (!result.ok) return `✗ ${file}\n  ${result.error.code}: ${result.error.messageZh}\n  ${result.error.message}\n`;
  const r = result.report;
  const lines = [
    `✓ ${file}`,
    `  ${r.bureau ?? '（未识别单位）'} · ${r.reportYear ?? '?'}年度报告 → ${r.planYear ?? '?'}年工作安排 · ${result.items.length}项` +
      (r.region ? ` · ${r.region}` : ''),
  ];
  const walk = (items: ParsedPlanItem[], indent: string) => {
    for (const item of items) {
      const facts = [
        `截止 ${item.dueDate}`,
        item.owner ? `牵头 ${item.owner}` : null,
        item.coOwners.length ? `配合 ${item.coOwners.join('、')}` : null,
        item.targets.length
          ? `指标 ${item.targets.map((t) => `${t.metric}${t.op}${t.value}${t.unit ?? ''}`).join('；')}`
          : null,
        item.recurrence ? `周期 ${RECURRENCE_ZH[item.recurrence] ?? item.recurrence}` : null,
        `可核查性 ${item.verifiability.score}`,
      ].filter(Boolean);
      lines.push(`${indent}${item.path.padEnd(6)} ${item.title}`);
      lines.push(`${indent}       ${facts.join(' | ')}`);
      walk(item.children, `${indent}   `);
    }
  };
  walk(result.items, '  ');
  for (const w of result.warnings) lines.push(`  ! ${w.code}: ${w.messageZh}`);
  return `${lines.join('\n')}\n`;
}
