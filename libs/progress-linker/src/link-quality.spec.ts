import { judge, loadEvalPairs, quality } from '../test/eval.helpers';
import { linkProgress } from './progress-linker';

/**
 * The labelled evaluation set (test/eval: six pairs in the shapes of real follow-up reports, every
 * action of each prior plan labelled). bench/link-quality prints the full table into BENCHMARKS.md;
 * this keeps the floor from slipping between benchmark runs.
 */
describe('link quality on the labelled evaluation set', () => {
  const judged = judge(loadEvalPairs(), (pair) => linkProgress(pair.prior.items, pair.followup));
  const q = quality(judged);

  it('labels every action of at least six pairs, 150 or more in all', () => {
    expect(new Set(judged.map((j) => j.pair)).size).toBeGreaterThanOrEqual(6);
    expect(q.labels).toBeGreaterThanOrEqual(150);
  });

  it('finds evidence with precision ≥ 0.90 and recall ≥ 0.85', () => {
    process.stdout.write(
      `link quality: ${q.labels} labels, found precision ${q.found.precision.toFixed(3)}, recall ${q.found.recall.toFixed(3)}\n`,
    );
    expect(q.found.precision).toBeGreaterThanOrEqual(0.9);
    expect(q.found.recall).toBeGreaterThanOrEqual(0.85);
  });

  it('never takes a plan sentence of the follow-up, or a look-alike in the same name frame, as evidence most of the time', () => {
    const of = (pattern: string) => judged.filter((j) => j.pattern === pattern);
    const right = (pattern: string) =>
      of(pattern).filter((j) => j.predicted === 'not_found').length / of(pattern).length;
    expect(right('own-plan-only')).toBeGreaterThanOrEqual(0.75);
    expect(right('name-frame')).toBeGreaterThanOrEqual(0.85);
    const opening = of('opening');
    expect(opening.filter((j) => j.predicted !== 'not_found').length).toBe(opening.length);
  });
});
