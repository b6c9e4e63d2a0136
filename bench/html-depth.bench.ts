/**
 * The parser on hostile nesting: pages of N nested `<div>`s (2.2 MB at the deepest) beside the
 * same number of sibling `<div>`s, which no parser finds hard. Linear reading means the time per
 * megabyte stays the same as N grows; htmlparser2 alone (without capNesting) grew with the square
 * of the depth (100,000 levels: 3.3 s; 200,000: ~25 s).
 */
import { loadavg } from 'node:os';
import { parseReport } from '@luoshi/report-parser';
import { record } from './bench.util';

const DEPTHS = [25_000, 50_000, 100_000, 200_000];
const REPEATS = 3;

function best(run: () => void): number {
  let min = Infinity;
  for (let i = 0; i < REPEATS; i++) {
    const t = process.hrtime.bigint();
    run();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return min;
}

function main(): void {
  const page = (body: string) => Buffer.from(`<html><body>${body}</body></html>`);
  // Warm the parser (folding tables, gazetteer, JIT) on a small page of each shape first.
  for (let i = 0; i < 5; i++) {
    parseReport(page('<div>'.repeat(2000) + '2024年工作安排' + '</div>'.repeat(2000)));
    parseReport(page('<div>2024年工作安排</div>'.repeat(2000)));
  }
  const rows = DEPTHS.map((depth) => {
    const nested = page(`${'<div>'.repeat(depth)}2024年工作安排${'</div>'.repeat(depth)}`);
    const flat = page(`<div>2024年工作安排</div>${'<div></div>'.repeat(depth - 1)}`);
    const nestedMs = best(() => parseReport(nested));
    const flatMs = best(() => parseReport(flat));
    return { depth, mb: nested.length / 2 ** 20, nestedMs, flatMs };
  });
  const perMb = rows.map((r) => r.nestedMs / r.mb);
  const growth = perMb[perMb.length - 1] / perMb[0];
  const [l1, l5] = loadavg();
  record(
    'html-depth',
    `nested vs sibling <div>s, depth ${DEPTHS.join('/')}, best of ${REPEATS}, one thread; load average ${l1.toFixed(2)} / ${l5.toFixed(2)} (1 / 5 min)`,
    [
      ...rows.map((r) => ({
        metric: `depth ${r.depth.toLocaleString('en')} (${r.mb.toFixed(2)} MB)`,
        ours: `${r.nestedMs.toFixed(0)} ms`,
        floor: `${r.flatMs.toFixed(0)} ms (siblings)`,
        ratio: `${(r.nestedMs / r.flatMs).toFixed(2)}×`,
        goal: '—',
        pass: null,
      })),
      {
        metric: `time per MB, deepest ÷ shallowest (${DEPTHS.length} sizes)`,
        ours: `${growth.toFixed(2)}×`,
        floor: '1× (linear)',
        ratio: '—',
        goal: '≤ 2× (linear in input size)',
        pass: growth <= 2,
      },
    ],
  );
}

main();
