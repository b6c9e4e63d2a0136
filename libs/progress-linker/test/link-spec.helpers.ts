/** Helpers shared by the linker's specs: reading fixtures, finding actions, scoring labels. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseReport, type ParsedReport } from '@luoshi/report-parser';
import type { ActionLink, LinkResult } from '../src/link.types';
import { linkProgress } from '../src/progress-linker';

export const ROOT = resolve(__dirname, '../../..');
/** Seed 000 and its follow-up fixture live in ../shared beside the project root (the `seeds` Jest project). */
export const SHARED = resolve(ROOT, '../shared');

export function parsed(path: string): ParsedReport {
  if (!existsSync(path))
    throw new Error(`missing ${path} (the seeds and fixtures live in shared/ beside the project root)`);
  const result = parseReport(readFileSync(path));
  if (!result.ok) throw new Error(`${path}: ${result.error.code}`);
  return result;
}

export function link(priorPath: string, followupPath: string): LinkResult {
  return linkProgress(parsed(priorPath).items, parsed(followupPath));
}

export function actionFor(result: LinkResult, mentions: string): ActionLink {
  const found = result.commitments.flatMap((c) => c.actions).find((a) => a.text.includes(mentions));
  if (!found) throw new Error(`no action mentions ${mentions}`);
  return found;
}

export function topHeadings(result: LinkResult): string[] {
  return result.commitments
    .flatMap((c) => [c.evidence[0]?.heading, ...c.actions.map((a) => a.evidence[0]?.heading)])
    .filter((h): h is string => !!h);
}

export interface GoldFixture {
  commitments: Array<{
    title: string;
    verdict: string;
    evidenceIn: string;
    actions: Array<{ mentions: string; verdict: string; acknowledgedShortfall?: boolean; carriedOver?: boolean }>;
  }>;
  distractors: string[];
}

export interface PairFixture {
  name: string;
  prior: string;
  followup: string;
  commitments: Array<{
    path: string;
    verdict: string;
    evidenceIn: string | null;
    acknowledgedShortfall: boolean;
    carriedOver: boolean;
    targets: Array<{ metric: string; actual: number; met: boolean }>;
  }>;
  actions: Array<{ mentions: string; hasEvidence: boolean }>;
  distractors: string[];
}

/** Our own prior/follow-up pairs (samples/) with their expected links. */
export function ownPairs(): PairFixture[] {
  return ['xihu', 'wuhou'].map((name) => ({
    name,
    ...(JSON.parse(readFileSync(join(__dirname, `pairs/${name}.expected.json`), 'utf8')) as Omit<PairFixture, 'name'>),
  }));
}

export interface Label {
  truth: boolean;
  predicted: boolean;
}

/** Evidence found or not, per labelled commitment and action of our own pairs. */
export function ownPairLabels(): Label[] {
  const labels: Label[] = [];
  for (const pair of ownPairs()) {
    const result = link(join(ROOT, pair.prior), join(ROOT, pair.followup));
    pair.commitments.forEach((c, i) =>
      labels.push({ truth: c.verdict !== 'not_found', predicted: result.commitments[i].verdict !== 'not_found' }),
    );
    for (const a of pair.actions)
      labels.push({ truth: a.hasEvidence, predicted: actionFor(result, a.mentions).verdict !== 'not_found' });
  }
  return labels;
}

export function precisionRecall(labels: Label[]): { precision: number; recall: number } {
  const tp = labels.filter((l) => l.truth && l.predicted).length;
  const fp = labels.filter((l) => !l.truth && l.predicted).length;
  const fn = labels.filter((l) => l.truth && !l.predicted).length;
  return { precision: tp / (tp + fp), recall: tp / (tp + fn) };
}
