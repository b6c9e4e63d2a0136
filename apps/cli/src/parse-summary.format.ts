import Table from 'cli-table3';
import type { ParsedPlanItem, ParseResult, ReportMetadata } from '@luoshi/report-parser';

/** One file of `luoshi parse --summary`: what was read, or why it was refused. */
export interface SummaryRow {
  file: string;
  ok: boolean;
  bureau: string | null;
  reportYear: number | null;
  planYear: number | null;
  items: { topLevel: number; total: number };
  /** Warning codes of a parsed file (NO_PLAN_SECTION …). */
  warnings: string[];
  /** The refusal's code (NOT_A_REPORT, BINARY_INPUT, UNREADABLE …), null when parsed. */
  error: string | null;
}

export interface SummaryTotals {
  files: number;
  parsed: number;
  refused: number;
  items: { topLevel: number; total: number };
  withWarnings: number;
}

export interface ParseSummary {
  files: SummaryRow[];
  totals: SummaryTotals;
}

/** A file's parse, or a file that could not be read at all (`readError`: its errno code). */
export type FileOutcome = { file: string; result: ParseResult } | { file: string; readError: string };

const countAll = (items: ParsedPlanItem[]): number => items.reduce((n, i) => n + 1 + countAll(i.children), 0);

export function summarise(outcomes: FileOutcome[]): ParseSummary {
  const files = outcomes.map((o): SummaryRow => {
    if ('readError' in o)
      return {
        file: o.file,
        ok: false,
        bureau: null,
        reportYear: null,
        planYear: null,
        items: { topLevel: 0, total: 0 },
        warnings: [],
        error: 'UNREADABLE',
      };
    const r = o.result;
    // A refused file keeps whatever metadata was found before the refusal.
    const report: Partial<ReportMetadata> = r.report;
    return {
      file: o.file,
      ok: r.ok,
      bureau: report.bureau ?? null,
      reportYear: report.reportYear ?? null,
      planYear: report.planYear ?? null,
      items: r.ok ? { topLevel: r.items.length, total: countAll(r.items) } : { topLevel: 0, total: 0 },
      warnings: r.ok ? [...new Set(r.warnings.map((w) => w.code))] : [],
      error: r.ok ? null : r.error.code,
    };
  });
  const parsed = files.filter((f) => f.ok);
  return {
    files,
    totals: {
      files: files.length,
      parsed: parsed.length,
      refused: files.length - parsed.length,
      items: {
        topLevel: parsed.reduce((n, f) => n + f.items.topLevel, 0),
        total: parsed.reduce((n, f) => n + f.items.total, 0),
      },
      withWarnings: parsed.filter((f) => f.warnings.length > 0).length,
    },
  };
}

/** The summary for terminals: one row per file under Chinese headers, then the totals in both languages. */
export function formatSummary(summary: ParseSummary): string {
  const table = new Table({
    head: ['文件 file', '单位 bureau', '年度 报告→计划 years', '事项 一级/全部 items', '提示或错误 warnings / error'],
    style: { head: [], border: [] },
  });
  for (const f of summary.files)
    table.push([
      f.file,
      f.bureau ?? '—',
      f.reportYear === null && f.planYear === null ? '—' : `${f.reportYear ?? '?'} → ${f.planYear ?? '?'}`,
      f.ok ? `${f.items.topLevel} / ${f.items.total}` : '—',
      f.error ? `✗ ${f.error}` : f.warnings.length > 0 ? `! ${f.warnings.join(', ')}` : '—',
    ]);
  const t = summary.totals;
  return (
    `${table.toString()}\n` +
    `共 ${t.files} 个文件：解析 ${t.parsed} 个，拒绝 ${t.refused} 个；事项 ${t.items.total} 项（一级 ${t.items.topLevel} 项）；有提示的文件 ${t.withWarnings} 个。\n` +
    `${t.files} files: ${t.parsed} parsed, ${t.refused} refused; ${t.items.total} items (${t.items.topLevel} top-level); ${t.withWarnings} with warnings.\n`
  );
}
