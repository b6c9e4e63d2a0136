import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, EXIT } from './cli-error';

const REPORT_EXTENSIONS = /\.(txt|text|html?|htm)$/i;

/** Expands files and folders (one level, report-like extensions, sorted) into a list of files. */
export function expandInputs(inputs: string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    let stat;
    try {
      stat = statSync(input);
    } catch {
      throw new CliError(`No such file or folder: ${input} (文件不存在)`, EXIT.USAGE);
    }
    if (stat.isDirectory()) {
      files.push(
        ...readdirSync(input)
          .filter((name) => REPORT_EXTENSIONS.test(name))
          .sort()
          .map((name) => join(input, name)),
      );
    } else {
      files.push(input);
    }
  }
  if (files.length === 0) throw new CliError('No report files found (未找到报告文件)', EXIT.USAGE);
  return files;
}
