/**
 * Linking cost: 1,000 commitments (3 actions each) against 10,000 follow-up sentences, beside the
 * floor of tokenizing the same sentences once; then 2,500 / 5,000 / 10,000 sentences to show the
 * cost grows no worse than linearly. Data are generated deterministically (seeded) from phrase
 * fragments of the genre written for this project and the country's real district names
 * (bench/generate.ts).
 */
import { linkProgress, tokenize, type FollowupInput, type PriorItem } from '@luoshi/progress-linker';
import { record } from './bench.util';
import { phrase, rng, sentence } from './generate';

function commitments(count: number, r: () => number): PriorItem[] {
  return Array.from({ length: count }, (_, i) => {
    const actions = [0, 1, 2].map(() => ({ text: `${phrase(r)}，${phrase(r)}` }));
    return {
      path: String(i + 1),
      title: phrase(r),
      body: actions.map((a) => a.text).join('。'),
      actions,
      targets: [],
      children: [],
    };
  });
}

function followup(count: number, r: () => number): FollowupInput {
  const text = Array.from({ length: count }, () => `${sentence(r)}。`).join('\n');
  return {
    text,
    report: { sections: [{ kind: 'achievements', heading: '一、主要举措和成效', start: 0, end: text.length }] },
    items: [],
  };
}

function seconds(run: () => void): number {
  const t = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

function main(): void {
  const prior = commitments(1000, rng(1));
  const sizes = process.env.PROFILE ? [10000] : [2500, 5000, 10000];
  const followups = sizes.map((n, i) => followup(n, rng(100 + i)));
  linkProgress(prior.slice(0, 50), followups[0]); // warm-up
  // Median of three runs per size: the machine has two cores shared with the databases.
  const median = (run: () => void) => [seconds(run), seconds(run), seconds(run)].sort((a, b) => a - b)[1];
  const times = followups.map((f) => median(() => linkProgress(prior, f)));
  const last = sizes.length - 1; // PROFILE=1 runs the largest size only
  const big = followups[last];
  const floor = median(() => {
    for (const line of big.text.split('\n')) tokenize(line);
  });
  const full = times[last];
  const perPassage = times.map((t, i) => (t / sizes[i]) * 1e6);
  const growth = perPassage[last] / perPassage[0];
  record(
    'link',
    `1,000 commitments × 3 actions against ${sizes.join(' / ')} generated sentences, median of 3 runs each`,
    [
      {
        metric: 'link 1,000 × 10,000',
        ours: `${full.toFixed(3)} s`,
        floor: `${floor.toFixed(3)} s (tokenize once)`,
        ratio: `${(full / floor).toFixed(1)}×`,
        goal: '≤ 1 s',
        pass: full <= 1,
      },
      {
        metric: 'µs per passage at 2,500 / 5,000 / 10,000',
        ours: perPassage.map((p) => p.toFixed(1)).join(' / '),
        floor: '—',
        ratio: `${growth.toFixed(2)}× from 2,500 to 10,000`,
        goal: 'no worse than linear (≤ 1.3×)',
        pass: growth <= 1.3,
      },
    ],
  );
}

main();
