import { SingleBar } from 'cli-progress';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { AppConfig } from '@luoshi/config';
import { IngestError, IngestionService } from '@luoshi/report-ingestion';
import { ReportLinkingService } from '@luoshi/report-linking';
import { ReportParseError } from '@luoshi/report-parser';
import { withDataSource, type CliIo } from '../cli-context';
import { CliError, EXIT } from '../cli-error';
import { expandInputs } from '../input-files.util';
import { formatPlanTree } from '../report-tree.format';
import { overridesFrom } from './parse.command';

export interface IngestCommandOptions {
  bureau?: string;
  reportYear?: string;
  planYear?: string;
  bureauId?: string;
  parentBureauId?: string;
  showTasks?: boolean;
  progress?: boolean;
}

export interface IngestRow {
  file: string;
  bureau: string;
  planYear: string;
  items: number | string;
  status: string;
  ok: boolean;
  reason?: string;
}

function idOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliError(`${flag} must be a number (编号格式不正确)`, EXIT.USAGE);
  return Number(value);
}

/** Ingests every file; each file is its own transaction, so one bad file never half-writes another. */
export async function ingestFiles(
  config: AppConfig,
  inputs: string[],
  options: IngestCommandOptions,
  io: CliIo,
): Promise<IngestRow[]> {
  const files = expandInputs(inputs);
  const overrides = overridesFrom(options);
  const bureauId = idOption(options.bureauId, '--bureau-id');
  const parentBureauId = idOption(options.parentBureauId, '--parent-bureau-id');
  const rows: IngestRow[] = [];
  await withDataSource(config, async (dataSource) => {
    const service = new IngestionService(dataSource);
    const linking = new ReportLinkingService(dataSource);
    const bar =
      options.progress === false
        ? null
        : new SingleBar({
            format: '导入 {bar} {value}/{total} {file}',
            stream: process.stderr,
            noTTYOutput: false,
            hideCursor: true,
          });
    bar?.start(files.length, 0, { file: '' });
    for (const file of files) {
      bar?.update({ file });
      try {
        const result = await service.ingest(readFileSync(file), {
          overrides,
          bureauId,
          parentBureauId,
          maxBytes: config.reportMaxBytes,
          fileName: file,
        });
        rows.push({
          file,
          bureau: result.bureau.name,
          planYear: String(result.report.planYear ?? '?'),
          items: result.itemCount,
          status:
            result.status === 'duplicate'
              ? '已存在 duplicate'
              : result.revision > 1
                ? `新版本 revision ${result.revision}`
                : '已导入 created',
          ok: true,
        });
        // The CLI has no worker to hand this to: link the report with its neighbouring years now.
        if (result.status === 'created') await linking.linkAllFor(result.report.id);
        if (options.showTasks) io.out(formatPlanTree(file, result.parsed));
      } catch (err) {
        if (!(err instanceof ReportParseError) && !(err instanceof IngestError)) throw err;
        rows.push({
          file,
          bureau: '-',
          planYear: '-',
          items: '-',
          status: `失败 ${err.code}`,
          ok: false,
          reason: `${err.messageZh} ${err.message}`,
        });
      }
      bar?.increment();
    }
    bar?.stop();
  });
  const table = new Table({
    head: ['文件 file', '单位 bureau', '计划年度 plan year', '事项 items', '状态 status'],
    style: { head: [], border: [] },
  });
  for (const r of rows) table.push([r.file, r.bureau, r.planYear, String(r.items), r.status]);
  io.out(`${table.toString()}\n`);
  for (const r of rows) if (r.reason) io.out(`✗ ${r.file}: ${r.reason}\n`);
  const failed = rows.filter((r) => !r.ok).length;
  io.out(
    `${rows.length - failed} ingested or already present, ${failed} failed. 共${rows.length}个文件，失败${failed}个。\n`,
  );
  return rows;
}

export function registerIngestCommand(program: Command, config: () => AppConfig, io: CliIo): void {
  program
    .command('ingest')
    .description('store reports and their plan items as tasks / 导入年度报告并生成任务')
    .argument('<files...>', 'report files or folders (.txt, .html)')
    .option('--bureau <name>', 'override the bureau found in the text')
    .option('--bureau-id <id>', 'store under this existing bureau')
    .option('--parent-bureau-id <id>', 'parent of bureaus that have to be created')
    .option('--report-year <year>', 'override the report year')
    .option('--plan-year <year>', 'override the plan year')
    .option('--show-tasks', 'print the plan items of each report')
    .option('--no-progress', 'no progress bar')
    .action(async (files: string[], options: IngestCommandOptions) => {
      const rows = await ingestFiles(config(), files, options, io);
      if (rows.some((r) => !r.ok)) throw new CliError('some files failed to ingest (部分文件导入失败)', EXIT.FAILED);
    });
}
