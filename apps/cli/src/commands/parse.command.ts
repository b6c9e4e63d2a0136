import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { htmlByFileName, parseReport, type MetadataOverrides } from '@luoshi/report-parser';
import type { CliIo } from '../cli-context';
import { CliError, EXIT } from '../cli-error';
import { expandInputs } from '../input-files.util';
import { formatPlanTree, toParseJson } from '../report-tree.format';

export interface ParseCommandOptions {
  json?: boolean;
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

/** Parses files without touching the database; exit 1 if any file was refused. */
export function parseFiles(inputs: string[], options: ParseCommandOptions, io: CliIo): number {
  const overrides = overridesFrom(options);
  const results = expandInputs(inputs).map((file) => ({
    file,
    result: parseReport(readFileSync(file), { overrides, html: htmlByFileName(file) }),
  }));
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

export function registerParseCommand(program: Command, io: CliIo): void {
  program
    .command('parse')
    .description('parse report files and print their plan items (no database) / 解析年度报告')
    .argument('<files...>', 'report files or folders (.txt, .html)')
    .option('--json', 'print one JSON object per file, as a JSON array')
    .option('--bureau <name>', 'override the bureau found in the text')
    .option('--report-year <year>', 'override the report year')
    .option('--plan-year <year>', 'override the plan year')
    .action((files: string[], options: ParseCommandOptions) => {
      const code = parseFiles(files, options, io);
      if (code !== EXIT.OK) throw new CliError('some files could not be parsed (部分文件解析失败)', code);
    });
}
