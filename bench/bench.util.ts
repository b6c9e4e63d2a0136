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

/** How many rounds a benchmark runs each of its configurations (BENCH_ROUNDS, 3 by default). */
export const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

/**
 * Runs every configuration once per round, in the same order each round, so that a slower spell of
 * the VM falls on ours and on its floor alike instead of on whichever ran during it: one run of
 * each, minutes apart, gave ratios of 1.27× and 1.43× for nearly the same code (BENCHMARKS.md,
 * list, 2026-12-06). Returns each configuration's runs, in round order.
 */
export async function inRounds<T>(runs: Array<() => Promise<T>>): Promise<T[][]> {
  const all: T[][] = runs.map(() => []);
  for (let round = 0; round < ROUNDS; round++)
    for (const [i, run] of runs.entries()) {
      all[i].push(await run());
      process.stdout.write(`round ${round + 1}/${ROUNDS}, run ${i + 1}/${runs.length} done\n`);
    }
  return all;
}

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The run whose `key` is the median of the rounds' (its figures are then reported together, from one run). */
export function medianBy<T>(rounds: T[], key: (run: T) => number): T {
  const middle = median(rounds.map(key));
  return rounds.find((run) => key(run) === middle)!;
}

/** A ratio of ours to the floor taken within each round (the same spell of the VM): its median and spread. */
export function pairedRatio<T>(ours: T[], floor: T[], of: (run: T) => number) {
  const ratios = ours.map((run, i) => of(run) / of(floor[i]));
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** ' (a–b× over n rounds)' for a paired ratio, or nothing after a single round. */
export const spread = (r: { min: number; max: number }): string =>
  ROUNDS > 1 ? ` (${r.min.toFixed(2)}–${r.max.toFixed(2)}× over ${ROUNDS} rounds)` : '';
