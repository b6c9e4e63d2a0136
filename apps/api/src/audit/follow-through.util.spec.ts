import type { LinkOutcome } from '@luoshi/db';
import type { Verdict } from '@luoshi/text';
import { followThroughRow } from './follow-through.util';

let nextId = 1;
function outcome(verdict: Verdict, decision: LinkOutcome['decision'] = null): LinkOutcome {
  const id = nextId++;
  return {
    id,
    planItemId: id,
    priorReportId: 1,
    followupReportId: 2,
    bureauId: 7,
    planYear: 2024,
    verdict,
    score: verdict === 'not_found' ? 0 : 0.8,
    acknowledgedShortfall: false,
    carriedOver: false,
    evidence: [],
    actions: [],
    targets: [],
    decision,
    decisionNote: null,
    decidedById: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

describe('followThroughRow', () => {
  it('counts a partly evidenced commitment as half in the rate, and only the evidenced in evidencedRate', () => {
    const row = followThroughRow(7, '西湖区司法局', [outcome('evidenced'), outcome('partial'), outcome('partial')]);
    expect(row).toMatchObject({ commitments: 3, evidenced: 1, partial: 2, notFound: 0 });
    expect(row.rate).toBe(0.667);
    expect(row.evidencedRate).toBe(0.333);
  });

  it('gives 1 when every commitment is evidenced, and 0.5 when every one is partial', () => {
    expect(followThroughRow(7, '', [outcome('evidenced'), outcome('evidenced')])).toMatchObject({
      rate: 1,
      evidencedRate: 1,
    });
    expect(followThroughRow(7, '', [outcome('partial'), outcome('partial')])).toMatchObject({
      rate: 0.5,
      evidencedRate: 0,
    });
  });

  it('counts a rejected link as not found in both rates', () => {
    const row = followThroughRow(7, '', [outcome('evidenced', 'rejected'), outcome('partial'), outcome('not_found')]);
    expect(row).toMatchObject({ evidenced: 0, partial: 1, notFound: 2, rejected: 1, rate: 0.167, evidencedRate: 0 });
  });

  it('gives 0 for both rates when there is no commitment', () => {
    expect(followThroughRow(0, '合计', [])).toMatchObject({ commitments: 0, rate: 0, evidencedRate: 0 });
  });
});
