/**
 * Parser throughput over the seed reports and the samples repeated to >= 50 MB, beside the floor:
 * one pass over the same bytes that decodes them and counts paragraph and sentence ends. Both are
 * measured warm (the steady throughput of a long-running process); the cold first pass is shown
 * beside them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport } from '@luoshi/report-parser';
import { ROOT, SHARED, readText, record } from './bench.util';

const TARGET_BYTES = 50 * 1024 * 1024;
const WARM_UP_PASSES = 20;

function corpus(): Buffer[] {
  const dirs = [join(SHARED, 'seeds'), join(ROOT, 'samples')].filter((d) => existsSync(d));
  const files = dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => /\.(txt|html?)$/.test(f))
      .map((f) => readText(join(d, f))),
  );
  if (files.length === 0) throw new Error(`no reports found in ${dirs.join(', ')} (the seeds live in ../shared/seeds)`);
  return files;
}

function floorScan(docs: Buffer[]): number {
  const decoder = new TextDecoder('utf-8');
  let marks = 0;
  for (const d of docs) {
    const text = decoder.decode(d);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 0x3002) marks++;
    }
  }
  return marks;
}

function main(): void {
  const base = corpus();
  const docs: Buffer[] = [];
  let bytes = 0;
  while (bytes < TARGET_BYTES) {
    for (const d of base) {
      docs.push(d);
      bytes += d.length;
    }
  }
  const mb = bytes / (1024 * 1024);
  // The first pass, cold: it builds the folding table and the gazetteer, and runs unoptimised code.
  let t = process.hrtime.bigint();
  for (const d of base) parseReport(d);
  const coldSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  const baseMb = base.reduce((n, d) => n + d.length, 0) / (1024 * 1024);
  // Then warm up until V8 has optimised the hot code (WARM_UP_PASSES over the corpus, ~1.4 MB), as
  // a long-running API or worker is: the goal is the steady throughput, the cold pass is shown apart.
  for (let pass = 0; pass < WARM_UP_PASSES; pass++) {
    for (const d of base) parseReport(d);
    floorScan(base);
  }

  t = process.hrtime.bigint();
  const marks = floorScan(docs);
  const floorSeconds = Number(process.hrtime.bigint() - t) / 1e9;

  t = process.hrtime.bigint();
  let items = 0;
  for (const d of docs) {
    const r = parseReport(d);
    if (r.ok) items += r.items.length;
  }
  const oursSeconds = Number(process.hrtime.bigint() - t) / 1e9;

  const oursMbps = mb / oursSeconds;
  const floorMbps = mb / floorSeconds;
  const slowdown = floorMbps / oursMbps;
  record(
    'parse',
    `${docs.length} reports (${base.length} distinct), ${mb.toFixed(1)} MB, ${items} items, ${marks} scan marks`,
    [
      {
        metric: 'throughput',
        ours: `${oursMbps.toFixed(1)} MB/s`,
        floor: `${floorMbps.toFixed(1)} MB/s`,
        ratio: `${slowdown.toFixed(1)}× slower`,
        goal: '≥ 20 MB/s',
        pass: oursMbps >= 20,
      },
      {
        metric: `first pass over the ${base.length} distinct reports, cold (not a goal)`,
        ours: `${(baseMb / coldSeconds).toFixed(1)} MB/s`,
        floor: '—',
        ratio: '—',
        goal: '—',
        pass: null,
      },
      {
        metric: 'reports/s',
        ours: `${Math.round(docs.length / oursSeconds)}`,
        floor: `${Math.round(docs.length / floorSeconds)}`,
        ratio: `${slowdown.toFixed(1)}× slower`,
        goal: '≤ 10× the floor',
        pass: slowdown <= 10,
      },
    ],
  );
}

main();
