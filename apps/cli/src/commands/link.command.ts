import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { linkProgress } from '@luoshi/progress-linker';
import { parseReportFile, type ParseResult } from '@luoshi/report-parser';
import type { CliIo } from '../cli-context';
import { CliError, EXIT } from '../cli-error';

export interface LinkCommandOptions {
  prior: string;
  followup: string;
  json?: boolean;
}

async function parseFile(path: string, role: string): Promise<Extract<ParseResult, { ok: true }>> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new CliError(`No such file: ${path} (文件不存在)`, EXIT.USAGE);
  }
  const result = await parseReportFile(bytes, { fileName: path });
  if (!result.ok)
    throw new CliError(
      `${role} ${path}: ${result.error.code}: ${result.error.messageZh} (${result.error.message})`,
      EXIT.FAILED,
    );
  return result;
}

const VERDICT_ZH = { evidenced: '已落实', partial: '部分落实', not_found: '未见成效' } as const;

/** Links two report files without a database and prints the result. */
export async function linkFiles(options: LinkCommandOptions, io: CliIo): Promise<void> {
  const prior = await parseFile(options.prior, 'prior');
  const followup = await parseFile(options.followup, 'follow-up');
  const result = linkProgress(prior.items, followup);
  const metadata = ({ report }: typeof prior) => ({
    title: report.title,
    bureau: report.bureau,
    reportYear: report.reportYear,
    planYear: report.planYear,
  });
  if (options.json) {
    io.out(`${JSON.stringify({ prior: metadata(prior), followup: metadata(followup), ...result }, null, 2)}\n`);
    return;
  }
  io.out(
    `${prior.report.bureau ?? '?'} ${prior.report.planYear ?? '?'}年工作安排 ← ${followup.report.reportYear ?? '?'}年度报告\n`,
  );
  for (const c of result.commitments) {
    const flags = [c.acknowledgedShortfall ? '自认不足' : '', c.carriedOver ? '列入下年计划' : '']
      .filter(Boolean)
      .join('，');
    io.out(`  ${c.path.padEnd(4)} ${VERDICT_ZH[c.verdict]}  ${c.title}${flags ? `（${flags}）` : ''}\n`);
    if (c.evidence[0]) io.out(`        ↳ ${c.evidence[0].heading}：${c.evidence[0].text.slice(0, 60)}\n`);
    for (const t of c.targets)
      io.out(
        `        指标 ${t.metric}${t.op}${t.value}${t.unit ?? ''}：实际 ${t.actual ?? '未见'} → ${t.met === true ? '达成' : t.met === false ? '未达成' : '不明'}\n`,
      );
  }
  const s = result.summary;
  io.out(
    `  落实率 ${(s.rate * 100).toFixed(1)}%（部分落实按一半计），完全落实率 ${(s.evidencedRate * 100).toFixed(1)}%：已落实 ${s.evidenced}，部分落实 ${s.partial}，未见成效 ${s.notFound}（共${s.commitments}项）\n`,
  );
}

export function registerLinkCommand(program: Command, io: CliIo): void {
  program
    .command('link')
    .description("hold a follow-up report against the prior year's plan (no database) / 对照上年安排核查落实情况")
    .requiredOption('--prior <file>', 'the report whose plan is checked')
    .requiredOption('--followup <file>', "the next year's report")
    .option('--json', 'print the linking result as JSON')
    .action((options: LinkCommandOptions) => linkFiles(options, io));
}
