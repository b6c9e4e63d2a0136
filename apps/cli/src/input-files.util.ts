import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { CliError, EXIT } from './cli-error';

const REPORT_EXTENSIONS = /\.(txt|text|html?|htm|docx|doc|wps|pdf)$/i;

export interface ExpandOptions {
  /** Also the report files of sub-folders, at any depth (hidden folders are skipped). */
  recursive?: boolean;
}

/**
 * Expands files and folders (one level, or every level with `recursive`; report-like extensions,
 * sorted) into a list of files. A path that does not exist is bad usage (exit 2); one that exists
 * but cannot be read — no permission, a symbolic-link loop — is unreadable input (exit 66).
 */
export function expandInputs(inputs: string[], options: ExpandOptions = {}): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    const stat = statOf(input);
    if (stat.isDirectory()) files.push(...listFolder(input, options.recursive === true));
    else files.push(input);
  }
  if (files.length === 0) throw new CliError('No report files found (未找到报告文件)', EXIT.USAGE);
  return files;
}

function statOf(path: string): Stats {
  try {
    return statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CliError(`No such file or folder: ${path} (文件不存在)`, EXIT.USAGE);
    throw unreadable(path, err);
  }
}

function listFolder(folder: string, recursive: boolean): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (err) {
    throw unreadable(folder, err);
  }
  const files: string[] = [];
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(folder, entry.name);
    if (recursive && !entry.name.startsWith('.') && (entry.isDirectory() || entry.isSymbolicLink())) {
      // A dangling link is nothing to read; a link to a folder is followed (a loop is unreadable).
      const stat = entry.isDirectory() ? null : linkTarget(path);
      if (entry.isDirectory() || stat?.isDirectory()) {
        files.push(...listFolder(path, true));
        continue;
      }
      if (stat === null) continue;
    }
    if (REPORT_EXTENSIONS.test(entry.name) && !entry.isDirectory()) files.push(path);
  }
  return files;
}

function linkTarget(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw unreadable(path, err);
  }
}

function unreadable(path: string, err: unknown): CliError {
  const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
  return new CliError(`Cannot read ${path}: ${code} (无法读取该文件或文件夹)`, EXIT.NO_INPUT);
}
