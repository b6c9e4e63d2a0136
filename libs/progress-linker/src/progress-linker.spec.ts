import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseReport, type ParsedReport } from '@luoshi/report-parser';
import type { ActionLink, LinkResult } from './link.types';
import { linkProgress } from './progress-linker';

const ROOT = resolve(__dirname, '../../..');
const SHARED = resolve(ROOT, '../shared');

function parsed(path: string): ParsedReport {
  if (!existsSync(path)) throw new Error(`missing ${path} (the seeds and fixtures live in shared/ beside the project root)`);
  const result = parseReport(readFileSync(path));
  if (!result.ok) throw new Error(`${path}: ${result.error.code}`);
  return result;
}

function link(priorPath: string, followupPath: string): LinkResult {
  return linkProgress(parsed(priorPath).items, parsed(followupPath));
}

function actionFor(result: LinkResult, mentions: string): ActionLink {
  const found = result.commitments.flatMap((c) => c.actions).find((a) => a.text.includes(mentions));
  if (!found) throw new Error(`no action mentions ${mentions}`);
  return found;
}

function topHeadings(result: LinkResult): string[] {
  return result.commitments.flatMap((c) => [c.evidence[0]?.heading, ...c.actions.map((a) => a.evidence[0]?.heading)]).filter((h): h is string => !!h);
}

interface GoldFixture {
  commitments: Array<{ title: string; verdict: string; evidenceIn: string; actions: Array<{ mentions: string; verdict: string; acknowledgedShortfall?: boolean; carriedOver?: boolean }> }>;
  distractors: string[];
}

describe(linkProgress.name, () => {
  describe('the Ganzhou follow-up fixture against seed 000', () => {
    const gold = JSON.parse(readFileSync(join(SHARED, 'fixtures/followup-ganzhou-2024.gold.json'), 'utf8')) as GoldFixture;
    const result = link(join(SHARED, 'seeds/000_875a68652fbdbc45.txt'), join(SHARED, 'fixtures/followup-ganzhou-2024.txt'));

    it('gives every commitment its gold verdict with the top evidence in the named paragraph', () => {
      expect(result.commitments.map((c) => ({ title: c.title, verdict: c.verdict, evidenceIn: c.evidence[0]?.heading }))).toEqual(
        gold.commitments.map((g) => ({ title: g.title, verdict: g.verdict, evidenceIn: g.evidenceIn })),
      );
    });

    it('gives every named action its gold verdict, shortfall and carry-over', () => {
      for (const g of gold.commitments.flatMap((c) => c.actions)) {
        const action = actionFor(result, g.mentions);
        expect({ mentions: g.mentions, verdict: action.verdict }).toEqual({ mentions: g.mentions, verdict: g.verdict });
        if (g.acknowledgedShortfall !== undefined) expect({ mentions: g.mentions, shortfall: action.acknowledgedShortfall }).toEqual({ mentions: g.mentions, shortfall: g.acknowledgedShortfall });
        if (g.carriedOver !== undefined) expect({ mentions: g.mentions, carried: action.carriedOver }).toEqual({ mentions: g.mentions, carried: g.carriedOver });
      }
    });

    it('never makes the distractor paragraph the top evidence of anything', () => {
      for (const distractor of gold.distractors) expect(topHeadings(result)).not.toContain(distractor);
    });

    it('flags the commitment whose pledges the report admits as shortfalls and plans again', () => {
      expect(result.commitments.map((c) => [c.acknowledgedShortfall, c.carriedOver])).toEqual([[false, false], [false, false], [true, true], [false, false]]);
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
      expect(result.summary).toEqual({ commitments: 4, evidenced: 3, partial: 1, notFound: 0, rate: 1 });
    });
  });

  describe('evidence ranking', () => {
    const action = '推进园区法律服务一站式平台建设';
    const prior = [{ path: '1', title: action, body: action, actions: [{ text: action }], targets: [], children: [] }];
    const sentences = ['园区法律服务一站式平台建设全面推进，平台已上线。', '完成园区法律服务一站式平台建设。', '园区法律服务一站式平台建设全面推进，平台已上线。', '园区法律服务一站式平台建设全面推进，平台已上线。', '开展普法宣传活动十二场。', '园区法律服务一站式平台建设全面推进，平台已上线。'];
    const text = sentences.join('\n');
    const followup = { text, report: { sections: [{ kind: 'achievements' as const, heading: '一、主要成效', start: 0, end: text.length }] }, items: [] };

    it('lists an action\'s best passages first, equal ones in the order the report has them, at most maxEvidence', () => {
      const evidence = linkProgress(prior, followup).commitments[0].actions[0].evidence;
      expect(evidence).toHaveLength(3);
      for (let i = 1; i < evidence.length; i++) {
        expect(evidence[i - 1].score).toBeGreaterThanOrEqual(evidence[i].score);
        if (evidence[i - 1].score === evidence[i].score) expect(evidence[i - 1].start).toBeLessThan(evidence[i].start);
      }
      expect(evidence.some((e) => e.text.includes('普法'))).toBe(false);
      const one = linkProgress(prior, followup, { maxEvidence: 1 }).commitments[0].actions[0];
      expect(one.evidence).toEqual(evidence.slice(0, 1));
    });

    it('gives the same verdict and score when no evidence is kept', () => {
      const full = linkProgress(prior, followup).commitments[0].actions[0];
      const none = linkProgress(prior, followup, { maxEvidence: 0 }).commitments[0].actions[0];
      expect(none.evidence).toEqual([]);
      expect({ verdict: none.verdict, score: none.score }).toEqual({ verdict: full.verdict, score: full.score });
    });
  });

  describe('our own pairs', () => {
    interface PairFixture {
      prior: string;
      followup: string;
      commitments: Array<{ path: string; verdict: string; evidenceIn: string | null; acknowledgedShortfall: boolean; carriedOver: boolean; targets: Array<{ metric: string; actual: number; met: boolean }> }>;
      actions: Array<{ mentions: string; hasEvidence: boolean }>;
      distractors: string[];
    }
    const pairs = ['xihu', 'wuhou'].map((name) => ({ name, ...(JSON.parse(readFileSync(join(__dirname, `../test/pairs/${name}.expected.json`), 'utf8')) as PairFixture) }));

    it.each(pairs.map((p) => [p.name, p] as const))('links the %s pair exactly as expected', (_name, pair) => {
      const result = link(join(ROOT, pair.prior), join(ROOT, pair.followup));
      expect(
        result.commitments.map((c) => ({
          path: c.path,
          verdict: c.verdict,
          evidenceIn: c.evidence[0]?.heading ?? null,
          acknowledgedShortfall: c.acknowledgedShortfall,
          carriedOver: c.carriedOver,
          targets: c.targets.map((t) => ({ metric: t.metric, actual: t.actual, met: t.met })),
        })),
      ).toEqual(pair.commitments);
      for (const distractor of pair.distractors) expect(topHeadings(result)).not.toContain(distractor);
    });

    it('finds evidence with precision and recall of at least 0.9 over every labelled commitment and action', () => {
      const gold = JSON.parse(readFileSync(join(SHARED, 'fixtures/followup-ganzhou-2024.gold.json'), 'utf8')) as GoldFixture;
      const ganzhou = link(join(SHARED, 'seeds/000_875a68652fbdbc45.txt'), join(SHARED, 'fixtures/followup-ganzhou-2024.txt'));
      const labels: Array<{ truth: boolean; predicted: boolean }> = [
        ...gold.commitments.map((g, i) => ({ truth: g.verdict !== 'not_found', predicted: ganzhou.commitments[i].verdict !== 'not_found' })),
        ...gold.commitments.flatMap((c) => c.actions).map((g) => ({ truth: g.verdict !== 'not_found', predicted: actionFor(ganzhou, g.mentions).verdict !== 'not_found' })),
      ];
      for (const pair of pairs) {
        const result = link(join(ROOT, pair.prior), join(ROOT, pair.followup));
        pair.commitments.forEach((c, i) => labels.push({ truth: c.verdict !== 'not_found', predicted: result.commitments[i].verdict !== 'not_found' }));
        for (const a of pair.actions) labels.push({ truth: a.hasEvidence, predicted: actionFor(result, a.mentions).verdict !== 'not_found' });
      }
      const tp = labels.filter((l) => l.truth && l.predicted).length;
      const fp = labels.filter((l) => !l.truth && l.predicted).length;
      const fn = labels.filter((l) => l.truth && !l.predicted).length;
      const precision = tp / (tp + fp);
      const recall = tp / (tp + fn);
      process.stdout.write(`progress-linker: ${labels.length} labels, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}\n`);
      expect(precision).toBeGreaterThanOrEqual(0.9);
      expect(recall).toBeGreaterThanOrEqual(0.9);
    });
  });
});
