import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { parseReportFile, type MetadataOverrides } from '@luoshi/report-parser';
import type { CliIo } from '../cli-context';
import { CliError, EXIT } from '../cli-error';
import { expandInputs } from '../input-files.util';
import { formatSummary, summarise, type FileOutcome } from '../parse-summary.format';
import { formatPlanTree, toParseJson } from '../report-tree.format';

export interface ParseCommandOptions {
  json?: boolean;
  summary?: boolean;
  recursive?: boolean;
  bureau?: string;
  reportYear?: string;
  planYear?: string;
}

export function overridesFrom(options: { bureau?: string; reportYear?: string; planYear?: string }): MetadataOverrides {
  const year = (value: string | undefined, flag: string): number | undefined => {
    if (value === undefined) return undefined;
    if (!/^(19|20)\d\d$/.test(value))
      throw new CliError(`${flag} must be a year such as 2024 (年份格式不正确)`, EXIT.USAGE);
    return Number(value);
  };
  return {
    ...(options.bureau ? { bureau: options.bureau } : {}),
    ...(options.reportYear ? { reportYear: year(options.reportYear, '--report-year') } : {}),
    ...(options.planYear ? { planYear: year(options.planYear, '--plan-year') } : {}),
  };
}

/** Parses files (text, HTML, Word, PDF) without touching the database; exit 1 if any file was refused. */
export async function parseFiles(inputs: string[], options: ParseCommandOptions, io: CliIo): Promise<number> {
  const overrides = overridesFrom(options);
  const files = expandInputs(inputs, { recursive: options.recursive });
  if (options.summary) return summariseFiles(files, overrides, options, io);
  const results = [];
  for (const file of files)
    results.push({ file, result: await parseReportFile(readFileSync(file), { overrides, fileName: file }) });
  if (options.json)
    io.out(
      `${JSON.stringify(
        results.map((r) => toParseJson(r.file, r.result)),
        null,
        2,
      )}\n`,
    );
  else for (const r of results) io.out(formatPlanTree(r.file, r.result));
  return results.every((r) => r.result.ok) ? EXIT.OK : EXIT.FAILED;
}

/**
 * One line per file (bureau, years, items, warning or refusal codes) and the totals; a file that
 * cannot be read is listed as refused (UNREADABLE) and the others are still read.
 */
async function summariseFiles(
  files: string[],
  overrides: MetadataOverrides,
  options: ParseCommandOptions,
  io: CliIo,
): Promise<number> {
  const outcomes: FileOutcome[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      outcomes.push({ file, readError: (err as NodeJS.ErrnoException).code ?? 'EIO' });
      continue;
    }
    outcomes.push({ file, result: await parseReportFile(bytes, { overrides, fileName: file }) });
  }
  const summary = summarise(outcomes);
  io.out(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
  return summary.totals.refused === 0 ? EXIT.OK : EXIT.FAILED;
}

export function registerParseCommand(program: Command, io: CliIo): void {
  program
    .command('parse')
    .description('parse report files and print their plan items (no database) / 解析年度报告')
    .argument('<files...>', 'report files or folders (.txt, .html, .docx, .doc, .wps, .pdf)')
    .option('--json', 'print one JSON object per file, as a JSON array (with --summary: the summary as JSON)')
    .option('--summary', 'one line per file (bureau, years, items, warnings or error) and totals / 逐个文件汇总')
    .option('--recursive', 'also read the report files of sub-folders')
    .option('--bureau <name>', 'override the bureau found in the text')
    .option('--report-year <year>', 'override the report year')
    .option('--plan-year <year>', 'override the plan year')
    .action(async (files: string[], options: ParseCommandOptions) => {
      const code = await parseFiles(files, options, io);
      if (code !== EXIT.OK) throw new CliError('some files could not be parsed (部分文件解析失败)', code);
    });
}
