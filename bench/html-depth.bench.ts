/**
 * The HTML reader is linear in the depth of nesting: the parser's HTML path (parseReport with
 * html: true — decode, HTML to text, the rest of the parse) on pages of N nested `<div>`s, N = 1,000
 * to 16,000 doubling, and on a 2 MB page (~190,000 levels). Linear reading takes about twice as
 * long when N doubles, quadratic four times: the run fails (exit 1) when a doubling costs more than
 * 3×, or when a level of the 2 MB page costs more than 3× a level of the 16,000 page. The same
 * number of sibling `<div>`s, which no parser finds hard, is the floor. htmlparser2 alone (without
 * capNesting) grew with the square of the depth (100,000 levels: 3.3 s; 200,000: ~25 s).
 */
import { cpuUsage, hrtime } from 'node:process';
import { loadavg } from 'node:os';
import { parseReport } from '@luoshi/report-parser';
import { record, type BenchRow } from './bench.util';

const DEPTHS = [1_000, 2_000, 4_000, 8_000, 16_000];
const LEVEL_BYTES = '<div></div>'.length;
const TWO_MB_DEPTH = Math.floor((2 * 2 ** 20) / LEVEL_BYTES);
/** Each page is parsed until both are reached, then its best wall time is kept (the least disturbed run). */
const MIN_RUNS = 5;
const MIN_MS = 300;
const MAX_RUNS = 400;
const LIMIT = 3;

interface Timing {
  /** Best wall time of one parse, ms. */
  bestMs: number;
  /** Mean CPU time (user + system, whole process) of one parse, ms. */
  cpuMs: number;
  runs: number;
}

const page = (body: string) => Buffer.from(`<html><body>${body}</body></html>`);
const nestedPage = (depth: number) => page(`${'<div>'.repeat(depth)}2024年工作安排${'</div>'.repeat(depth)}`);
const siblingPage = (depth: number) => page(`<div>2024年工作安排</div>${'<div></div>'.repeat(depth - 1)}`);

function time(input: Buffer): Timing {
  const parse = () => parseReport(input, { html: true, maxBytes: 8 * 2 ** 20 });
  for (let i = 0; i < 2; i++) parse();
  let best = Infinity;
  let runs = 0;
  const cpu = cpuUsage();
  const start = hrtime.bigint();
  while (runs < MAX_RUNS && (runs < MIN_RUNS || Number(hrtime.bigint() - start) / 1e6 < MIN_MS)) {
    const t = hrtime.bigint();
    parse();
    best = Math.min(best, Number(hrtime.bigint() - t) / 1e6);
    runs++;
  }
  const used = cpuUsage(cpu);
  return { bestMs: best, cpuMs: (used.user + used.system) / 1000 / runs, runs };
}

const ms = (t: Timing) => `${t.bestMs < 10 ? t.bestMs.toFixed(2) : t.bestMs.toFixed(0)} ms`;
const cpu = (t: Timing) => `CPU ${t.cpuMs < 10 ? t.cpuMs.toFixed(2) : t.cpuMs.toFixed(0)} ms`;

function main(): void {
  const [l1, l5, l15] = loadavg();
  // Warm the parser (folding tables, gazetteer, JIT) on small pages of both shapes first.
  for (let i = 0; i < 5; i++) {
    parseReport(nestedPage(2000), { html: true });
    parseReport(siblingPage(2000), { html: true });
  }
  const measured = [...DEPTHS, TWO_MB_DEPTH].map((depth) => {
    const nested = nestedPage(depth);
    return { depth, mb: nested.length / 2 ** 20, nested: time(nested), siblings: time(siblingPage(depth)) };
  });
  const series = measured.slice(0, DEPTHS.length);
  const big = measured[measured.length - 1];
  const last = series[series.length - 1];

  const rows: BenchRow[] = measured.map((m) => ({
    metric: `${m === big ? '2 MB page, ' : ''}depth ${m.depth.toLocaleString('en')} (${m.mb.toFixed(2)} MB)`,
    ours: `${ms(m.nested)} (${cpu(m.nested)})`,
    floor: `${ms(m.siblings)} (siblings)`,
    ratio: `${(m.nested.bestMs / m.siblings.bestMs).toFixed(2)}×`,
    goal: '—',
    pass: null,
  }));
  for (let i = 1; i < series.length; i++) {
    const ratio = series[i].nested.bestMs / series[i - 1].nested.bestMs;
    const cpuRatio = series[i].nested.cpuMs / series[i - 1].nested.cpuMs;
    rows.push({
      metric: `time(2n) ÷ time(n), depth ${series[i - 1].depth.toLocaleString('en')} → ${series[i].depth.toLocaleString('en')}`,
      ours: `${ratio.toFixed(2)}× (CPU ${cpuRatio.toFixed(2)}×)`,
      floor: '2× linear, 4× quadratic',
      ratio: '—',
      goal: `≤ ${LIMIT}×`,
      pass: ratio <= LIMIT,
    });
  }
  const perLevel = big.nested.bestMs / big.depth / (last.nested.bestMs / last.depth);
  rows.push({
    metric: `time per level, 2 MB page ÷ depth ${last.depth.toLocaleString('en')}`,
    ours: `${perLevel.toFixed(2)}×`,
    floor: `1× linear, ${(big.depth / last.depth).toFixed(0)}× quadratic`,
    ratio: '—',
    goal: `≤ ${LIMIT}×`,
    pass: perLevel <= LIMIT,
  });

  record(
    'html-depth',
    `parseReport (html) on pages of nested vs sibling <div>s, depth ${DEPTHS.map((d) => d.toLocaleString('en')).join(' / ')} and a 2 MB page; best wall time of ≥ ${MIN_RUNS} runs and ≥ ${MIN_MS} ms per page, CPU time (user + system, whole process) averaged over those runs; one thread; load average ${l1.toFixed(2)} / ${l5.toFixed(2)} / ${l15.toFixed(2)} (1 / 5 / 15 min) at the start`,
    rows,
  );
  const failed = rows.filter((r) => r.pass === false);
  if (failed.length > 0) {
    process.stderr.write(
      `html-depth: not linear in depth: ${failed.map((r) => `${r.metric} = ${r.ours}`).join('; ')}\n`,
    );
    process.exitCode = 1;
  }
}

main();
