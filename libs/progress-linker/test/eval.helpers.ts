/**
 * The linker's labelled evaluation set (test/eval/<pair>/prior.txt, followup.txt, labels.json),
 * written in our own words in the shapes of real follow-up reports: every action of the prior plan
 * carries the verdict a careful supervisor would give. Shared by the unit spec and bench/link-quality.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseReport, type ParsedReport } from '@luoshi/report-parser';
import { VERDICTS, type Verdict } from '@luoshi/text';
import type { LinkResult } from '../src/link.types';

export const EVAL_DIR = join(__dirname, 'eval');

export interface EvalLabel {
  mentions: string;
  verdict: Verdict;
  pattern: string;
  why?: string;
}

export interface EvalPair {
  name: string;
  prior: ParsedReport;
  followup: ParsedReport;
  labels: EvalLabel[];
}

function parsedOrThrow(path: string): ParsedReport {
  const result = parseReport(readFileSync(path));
  if (!result.ok) throw new Error(`${path}: ${result.error.code}`);
  return result;
}

export function loadEvalPairs(dir = EVAL_DIR): EvalPair[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const { labels } = JSON.parse(readFileSync(join(dir, name, 'labels.json'), 'utf8')) as { labels: EvalLabel[] };
      return {
        name,
        prior: parsedOrThrow(join(dir, name, 'prior.txt')),
        followup: parsedOrThrow(join(dir, name, 'followup.txt')),
        labels,
      };
    });
}

export interface Judged extends EvalLabel {
  pair: string;
  predicted: Verdict;
  score: number;
}

/** Every label beside the verdict the linker gave the one action it names. */
export function judge(pairs: EvalPair[], run: (pair: EvalPair) => LinkResult): Judged[] {
  return pairs.flatMap((pair) => {
    const actions = run(pair).commitments.flatMap((c) => c.actions);
    return pair.labels.map((label) => {
      const matching = actions.filter((a) => a.text.includes(label.mentions));
      if (matching.length !== 1)
        throw new Error(`${pair.name}: "${label.mentions}" names ${matching.length} actions, not one`);
      return { ...label, pair: pair.name, predicted: matching[0].verdict, score: matching[0].score };
    });
  });
}

export interface Quality {
  labels: number;
  /** Evidence found (evidenced or partial) against not found: the figure a supervisor relies on. */
  found: { precision: number; recall: number };
  perVerdict: Record<Verdict, { precision: number; recall: number; truth: number; predicted: number }>;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

export function quality(judged: Judged[]): Quality {
  const found = (v: Verdict) => v !== 'not_found';
  const tp = judged.filter((j) => found(j.verdict) && found(j.predicted)).length;
  const perVerdict = Object.fromEntries(
    VERDICTS.map((v) => {
      const truth = judged.filter((j) => j.verdict === v).length;
      const predicted = judged.filter((j) => j.predicted === v).length;
      const hit = judged.filter((j) => j.verdict === v && j.predicted === v).length;
      return [v, { precision: ratio(hit, predicted), recall: ratio(hit, truth), truth, predicted }];
    }),
  ) as Quality['perVerdict'];
  return {
    labels: judged.length,
    found: {
      precision: ratio(tp, judged.filter((j) => found(j.predicted)).length),
      recall: ratio(tp, judged.filter((j) => found(j.verdict)).length),
    },
    perVerdict,
  };
}
