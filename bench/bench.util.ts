import { execSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** Benchmarks run from the project root (bench/run.sh changes to it). */
export const ROOT = process.cwd();
export const SHARED = join(ROOT, '..', 'shared');

export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus().length}× ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function commit(): string {
  try {
    const git = (args: string) =>
      execSync(`git ${args}`, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    // A run on uncommitted code says so: its figures do not belong to the commit alone.
    const dirty = git('status --porcelain --untracked-files=no -- . :!BENCHMARKS.md') !== '';
    return `${git('rev-parse --short HEAD')}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    return 'uncommitted';
  }
}

export interface BenchRow {
  metric: string;
  ours: string;
  floor: string;
  ratio: string;
  goal: string;
  /** null: a figure that explains the others and has no goal of its own. */
  pass: boolean | null;
}

/** Appends one dated section to BENCHMARKS.md (the file keeps every run, newest last). */
export function record(name: string, workload: string, rows: BenchRow[]): void {
  const file = join(ROOT, 'BENCHMARKS.md');
  if (!existsSync(file))
    writeFileSync(
      file,
      '# Benchmarks\n\nEvery `npm run bench` appends its results here: our figure beside a floor measured in the same run.\n',
    );
  const table = [
    '| metric | ours | floor | ours ÷ floor | goal | met |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.metric} | ${r.ours} | ${r.floor} | ${r.ratio} | ${r.goal} | ${r.pass === null ? '—' : r.pass ? 'yes' : '**no**'} |`,
    ),
  ].join('\n');
  const section = `\n## ${name} — ${new Date().toISOString().slice(0, 10)}, commit ${commit()}\n\nMachine: ${machine()}. Workload: ${workload}.\n\n${table}\n`;
  appendFileSync(file, section);
  process.stdout.write(section);
}

export function readText(path: string): Buffer {
  return readFileSync(path);
}
