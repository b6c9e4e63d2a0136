/**
 * Link quality: the linker's verdicts against the labelled evaluation set
 * (libs/progress-linker/test/eval, our own pairs in the shapes of real follow-up reports). Prints
 * precision and recall per verdict and for "evidence found" (evidenced or partial), recall per
 * pattern, and fails (exit 1) when evidence found is under precision 0.90 or recall 0.85.
 * LINKER_LABEL names the linker measured (the figures of an earlier linker are recorded beside).
 */
import { linkProgress } from '@luoshi/progress-linker';
import { judge, loadEvalPairs, quality } from '../libs/progress-linker/test/eval.helpers';
import { join } from 'node:path';
import { ROOT, record } from './bench.util';

const PRECISION_GOAL = 0.9;
const RECALL_GOAL = 0.85;

function pct(x: number): string {
  return x.toFixed(3);
}

function main(): void {
  const pairs = loadEvalPairs(join(ROOT, 'libs/progress-linker/test/eval'));
  const judged = judge(pairs, (pair) => linkProgress(pair.prior.items, pair.followup));
  const q = quality(judged);
  const label = process.env.LINKER_LABEL ?? 'this linker';
  const patterns = [...new Set(judged.map((j) => j.pattern))].sort();
  const patternRows = patterns.map((pattern) => {
    const of = judged.filter((j) => j.pattern === pattern);
    const right = of.filter((j) => (j.verdict === 'not_found') === (j.predicted === 'not_found')).length;
    return {
      metric: `pattern ${pattern}: found / not found right`,
      ours: `${right} of ${of.length}`,
      floor: '—',
      ratio: '—',
      goal: '—',
      pass: null,
    };
  });
  const found = q.found;
  record(
    'link-quality',
    `${label}: ${pairs.length} pairs, ${q.labels} labelled actions (libs/progress-linker/test/eval); one thread, deterministic`,
    [
      {
        metric: 'evidence found (evidenced or partial): precision',
        ours: pct(found.precision),
        floor: '—',
        ratio: '—',
        goal: `≥ ${PRECISION_GOAL}`,
        pass: found.precision >= PRECISION_GOAL,
      },
      {
        metric: 'evidence found (evidenced or partial): recall',
        ours: pct(found.recall),
        floor: '—',
        ratio: '—',
        goal: `≥ ${RECALL_GOAL}`,
        pass: found.recall >= RECALL_GOAL,
      },
      ...(['evidenced', 'partial', 'not_found'] as const).map((v) => ({
        metric: `${v}: precision / recall (labelled ${q.perVerdict[v].truth}, predicted ${q.perVerdict[v].predicted})`,
        ours: `${pct(q.perVerdict[v].precision)} / ${pct(q.perVerdict[v].recall)}`,
        floor: '—',
        ratio: '—',
        goal: '—',
        pass: null,
      })),
      ...patternRows,
    ],
  );
  if (process.env.SHOW_MISSES)
    for (const j of judged.filter((j) => j.verdict !== j.predicted))
      process.stdout.write(`${j.pair}\t${j.pattern}\t${j.verdict} → ${j.predicted} (${j.score})\t${j.mentions}\n`);
  if (found.precision < PRECISION_GOAL || found.recall < RECALL_GOAL) process.exitCode = 1;
}

main();
