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
    rate: outcomes.length === 0 ? 0 : Math.round(((evidenced + partial) / outcomes.length) * 1000) / 1000,
    confirmed: outcomes.filter((o) => o.decision === 'confirmed').length,
    rejected: outcomes.filter((o) => o.decision === 'rejected').length,
  };
}
