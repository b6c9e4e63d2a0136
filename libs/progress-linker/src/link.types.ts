import type { TargetResult, Verdict } from '@luoshi/text';
export type { Verdict };

export interface EvidencePassage {
  /** The paragraph's own heading ((一)统筹推进…) or, failing that, its section's. */
  heading: string;
  text: string;
  start: number;
  end: number;
  score: number;
  /** Shared words, for highlighting. */
  terms: string[];
}

/** A target held against the follow-up (libs/text's TargetResult), with the words its figure came from. */
export interface TargetOutcome extends TargetResult {
  actualText: string | null;
}

export interface ActionLink {
  text: string;
  verdict: Verdict;
  score: number;
  evidence: EvidencePassage[];
  acknowledgedShortfall: boolean;
  carriedOver: boolean;
  /** Why, in Chinese: the shared words and their coverage, or what the report says instead. */
  reason: string;
}

export interface CommitmentLink {
  path: string;
  title: string;
  verdict: Verdict;
  score: number;
  evidence: EvidencePassage[];
  acknowledgedShortfall: boolean;
  carriedOver: boolean;
  targets: TargetOutcome[];
  actions: ActionLink[];
}

export interface LinkSummary {
  commitments: number;
  evidenced: number;
  partial: number;
  notFound: number;
  /** 落实率: (evidenced + half of partial) / commitments, 0–1 — partial is not evidenced. */
  rate: number;
  /** 完全落实率: evidenced / commitments, 0–1. */
  evidencedRate: number;
}

export interface LinkResult {
  commitments: CommitmentLink[];
  summary: LinkSummary;
}

/** Thresholds of the verdicts (IDF-weighted share of a commitment's words found in one passage). */
export interface LinkOptions {
  evidencedAt?: number;
  partialAt?: number;
  /** How many evidence passages to keep per commitment and per action. */
  maxEvidence?: number;
}
