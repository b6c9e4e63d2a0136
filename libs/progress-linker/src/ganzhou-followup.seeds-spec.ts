import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SHARED,
  actionFor,
  link,
  ownPairLabels,
  parsed,
  precisionRecall,
  topHeadings,
  type GoldFixture,
} from '../test/link-spec.helpers';
import { linkProgress } from './progress-linker';

describe(linkProgress.name, () => {
  describe('the Ganzhou follow-up fixture against seed 000', () => {
    const gold = JSON.parse(
      readFileSync(join(SHARED, 'fixtures/followup-ganzhou-2024.gold.json'), 'utf8'),
    ) as GoldFixture;
    const result = link(
      join(SHARED, 'seeds/000_875a68652fbdbc45.txt'),
      join(SHARED, 'fixtures/followup-ganzhou-2024.txt'),
    );

    it('gives every commitment its gold verdict with the top evidence in the named paragraph', () => {
      expect(
        result.commitments.map((c) => ({ title: c.title, verdict: c.verdict, evidenceIn: c.evidence[0]?.heading })),
      ).toEqual(gold.commitments.map((g) => ({ title: g.title, verdict: g.verdict, evidenceIn: g.evidenceIn })));
    });

    it('gives every named action its gold verdict, shortfall and carry-over', () => {
      for (const g of gold.commitments.flatMap((c) => c.actions)) {
        const action = actionFor(result, g.mentions);
        expect({ mentions: g.mentions, verdict: action.verdict }).toEqual({ mentions: g.mentions, verdict: g.verdict });
        if (g.acknowledgedShortfall !== undefined)
          expect({ mentions: g.mentions, shortfall: action.acknowledgedShortfall }).toEqual({
            mentions: g.mentions,
            shortfall: g.acknowledgedShortfall,
          });
        if (g.carriedOver !== undefined)
          expect({ mentions: g.mentions, carried: action.carriedOver }).toEqual({
            mentions: g.mentions,
            carried: g.carriedOver,
          });
      }
    });

    it('never makes the distractor paragraph the top evidence of anything', () => {
      for (const distractor of gold.distractors) expect(topHeadings(result)).not.toContain(distractor);
    });

    it('flags the commitment whose pledges the report admits as shortfalls and plans again', () => {
      expect(result.commitments.map((c) => [c.acknowledgedShortfall, c.carriedOver])).toEqual([
        [false, false],
        [false, false],
        [true, true],
        [false, false],
      ]);
    });

    it('returns evidence with offsets into the follow-up and the shared words for highlighting', () => {
      const followup = parsed(join(SHARED, 'fixtures/followup-ganzhou-2024.txt'));
      for (const e of result.commitments.flatMap((c) => c.evidence)) {
        expect(followup.text.slice(e.start, e.end)).toBe(e.text);
        expect(e.terms.every((t) => e.text.includes(t))).toBe(true);
      }
      expect(actionFor(result, '一站式').evidence[0].terms).toEqual(expect.arrayContaining(['园区法律服务一站式平台']));
    });

    it('summarises the follow-through rate', () => {
      expect(result.summary).toEqual({
        commitments: 4,
        evidenced: 3,
        partial: 1,
        notFound: 0,
        rate: 0.875,
        evidencedRate: 0.75,
      });
    });
  });

  it('finds evidence with precision and recall of at least 0.9 over the Ganzhou fixture and our own pairs', () => {
    const gold = JSON.parse(
      readFileSync(join(SHARED, 'fixtures/followup-ganzhou-2024.gold.json'), 'utf8'),
    ) as GoldFixture;
    const ganzhou = link(
      join(SHARED, 'seeds/000_875a68652fbdbc45.txt'),
      join(SHARED, 'fixtures/followup-ganzhou-2024.txt'),
    );
    const labels = [
      ...gold.commitments.map((g, i) => ({
        truth: g.verdict !== 'not_found',
        predicted: ganzhou.commitments[i].verdict !== 'not_found',
      })),
      ...gold.commitments
        .flatMap((c) => c.actions)
        .map((g) => ({
          truth: g.verdict !== 'not_found',
          predicted: actionFor(ganzhou, g.mentions).verdict !== 'not_found',
        })),
      ...ownPairLabels(),
    ];
    const { precision, recall } = precisionRecall(labels);
    process.stdout.write(
      `progress-linker (Ganzhou + own pairs): ${labels.length} labels, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}\n`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
