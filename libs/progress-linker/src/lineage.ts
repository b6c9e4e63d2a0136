import { foldText, splitSpans } from '@luoshi/text';
import type { FollowupInput } from './passages';
import { buildPassages } from './passages';
import { overlap, tokenize } from './tokens.util';

export interface YearPlan<T> {
  planYear: number;
  commitments: Array<{ ref: T; title: string; body: string }>;
}

export interface LineageChain<T> {
  /** The same promise in consecutive plan years, oldest first. */
  links: Array<{ planYear: number; ref: T; title: string }>;
}

const LINEAGE_MIN = 0.35;

function tokenSet(text: string): Set<string> {
  return new Set(tokenize(foldText(text)));
}

/**
 * 年年提: chains commitments restated year after year. Each commitment of year Y is joined to the
 * most similar commitment of year Y+1 when they share enough distinctive words; chains of two or
 * more years are returned, longest first.
 */
export function chainCommitments<T>(plans: Array<YearPlan<T>>): Array<LineageChain<T>> {
  const years = [...plans].sort((a, b) => a.planYear - b.planYear);
  const next = new Map<string, { year: number; index: number }>();
  const hasPrevious = new Set<string>();
  for (let y = 0; y + 1 < years.length; y++) {
    const later = years[y + 1];
    if (later.planYear !== years[y].planYear + 1) continue;
    const laterTokens = later.commitments.map((c) => tokenSet(`${c.title}。${c.body}`));
    years[y].commitments.forEach((c, i) => {
      const mine = tokenSet(`${c.title}。${c.body}`);
      let best = -1;
      let bestScore = LINEAGE_MIN;
      laterTokens.forEach((other, j) => {
        const score = overlap(mine, other);
        if (score >= bestScore && !(score === bestScore && best !== -1)) {
          best = j;
          bestScore = score;
        }
      });
      if (best === -1) return;
      next.set(`${y}:${i}`, { year: y + 1, index: best });
      hasPrevious.add(`${y + 1}:${best}`);
    });
  }
  const chains: Array<LineageChain<T>> = [];
  years.forEach((plan, y) =>
    plan.commitments.forEach((c, i) => {
      if (hasPrevious.has(`${y}:${i}`)) return;
      const links = [{ planYear: plan.planYear, ref: c.ref, title: c.title }];
      let at = next.get(`${y}:${i}`);
      while (at) {
        const item = years[at.year].commitments[at.index];
        links.push({ planYear: years[at.year].planYear, ref: item.ref, title: item.title });
        at = next.get(`${at.year}:${at.index}`);
      }
      if (links.length >= 2) chains.push({ links });
    }),
  );
  return chains.sort((a, b) => b.links.length - a.links.length || a.links[0].planYear - b.links[0].planYear);
}

export interface ProblemCoverage {
  problem: string;
  start: number;
  end: number;
  /** Paths of the plan items that answer it; empty when nothing in the plan does. */
  answeredBy: string[];
}

const COVERAGE_MIN = 0.35;

/**
 * Problems → plan: for each problem the report names (its 存在问题 clauses: 一是…二是…, or
 * sentences), the plan items that answer it, or none.
 */
export function problemsCoverage(
  report: FollowupInput & {
    items: Array<{ path?: string; title?: string; body: string; start: number; end: number; children: unknown[] }>;
  },
): ProblemCoverage[] {
  const passages = buildPassages(report);
  const items = report.items as Array<{ path: string; title: string; body: string }>;
  if (passages.problems.length === 0) return [];
  const itemTokens = items.map((item) => tokenSet(`${item.title}。${item.body}`));
  const out: ProblemCoverage[] = [];
  for (const p of passages.problems) {
    // A sentence listing problems inline (一是…；二是…) is split into its clauses.
    const clauses = /[一二三四五六七八九十]是/.test(p.norm)
      ? splitSpans(p.norm, 0, p.norm.length).filter((s) => s.end - s.start >= 6)
      : [{ start: 0, end: p.norm.length }];
    for (const c of clauses) {
      const text = p.text.slice(c.start, c.end).replace(/^.*?[一二三四五六七八九十]是/, '');
      if (text.length < 4) continue;
      const mine = tokenSet(text);
      const answeredBy = items
        .filter((_item, j) => overlap(mine, itemTokens[j]) >= COVERAGE_MIN)
        .map((item) => item.path);
      out.push({ problem: text, start: p.start + c.start, end: p.start + c.end, answeredBy });
    }
  }
  return out;
}
