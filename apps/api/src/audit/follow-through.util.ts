import type { LinkOutcome } from '@luoshi/db';
import type { FollowThroughRowDto } from './audit.dto';

/** A rejected link means the evidence was wrong: the commitment counts as not found. */
export function effectiveVerdict(o: LinkOutcome): string {
  return o.decision === 'rejected' ? 'not_found' : o.verdict;
}

/** Only the newest follow-up's outcome counts for each commitment. */
export function latestPerCommitment(outcomes: LinkOutcome[]): LinkOutcome[] {
  const latest = new Map<number, LinkOutcome>();
  for (const o of outcomes) {
    const seen = latest.get(o.planItemId);
    if (!seen || o.followupReportId > seen.followupReportId) latest.set(o.planItemId, o);
  }
  return [...latest.values()];
}

/** A share of the commitments, 0–1, to three decimals (0 when there are none). */
function share(count: number, commitments: number): number {
  return commitments === 0 ? 0 : Math.round((count / commitments) * 1000) / 1000;
}

/**
 * One bureau's (or the total's) follow-through. `rate` (落实率) counts a partly evidenced commitment
 * as half: (evidenced + 0.5 × partial) / commitments, so 1 evidenced and 2 partial of 3 is 0.667,
 * not 100%. `evidencedRate` (完全落实率) counts only the fully evidenced: evidenced / commitments.
 */
export function followThroughRow(bureauId: number, bureauName: string, outcomes: LinkOutcome[]): FollowThroughRowDto {
  const verdicts = outcomes.map(effectiveVerdict);
  const evidenced = verdicts.filter((v) => v === 'evidenced').length;
  const partial = verdicts.filter((v) => v === 'partial').length;
  const targets = outcomes.flatMap((o) => o.targets);
  return {
    bureauId,
    bureauName,
    commitments: outcomes.length,
    evidenced,
    partial,
    notFound: verdicts.filter((v) => v === 'not_found').length,
    carriedOver: outcomes.filter((o) => o.carriedOver).length,
    acknowledgedShortfalls: outcomes.filter((o) => o.acknowledgedShortfall).length,
    targetsMet: targets.filter((t) => t.met === true).length,
    targetsMissed: targets.filter((t) => t.met === false).length,
    rate: share(evidenced + 0.5 * partial, outcomes.length),
    evidencedRate: share(evidenced, outcomes.length),
    confirmed: outcomes.filter((o) => o.decision === 'confirmed').length,
    rejected: outcomes.filter((o) => o.decision === 'rejected').length,
  };
}
