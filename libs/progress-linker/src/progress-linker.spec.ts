import { join } from 'node:path';
import { ROOT, link, ownPairLabels, ownPairs, precisionRecall, topHeadings } from '../test/link-spec.helpers';
import { actionReason, linkProgress } from './progress-linker';

describe(linkProgress.name, () => {
  describe('evidence ranking', () => {
    const action = '推进园区法律服务一站式平台建设';
    const prior = [{ path: '1', title: action, body: action, actions: [{ text: action }], targets: [], children: [] }];
    const sentences = [
      '园区法律服务一站式平台建设全面推进，平台已上线。',
      '完成园区法律服务一站式平台建设。',
      '园区法律服务一站式平台建设全面推进，平台已上线。',
      '园区法律服务一站式平台建设全面推进，平台已上线。',
      '开展普法宣传活动十二场。',
      '园区法律服务一站式平台建设全面推进，平台已上线。',
    ];
    const text = sentences.join('\n');
    const followup = {
      text,
      report: { sections: [{ kind: 'achievements' as const, heading: '一、主要成效', start: 0, end: text.length }] },
      items: [],
    };

    it("lists an action's best passages first, equal ones in the order the report has them, at most maxEvidence", () => {
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
    const pairs = ownPairs();

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
      const labels = ownPairLabels();
      const { precision, recall } = precisionRecall(labels);
      process.stdout.write(
        `progress-linker (own pairs): ${labels.length} labels, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}\n`,
      );
      expect(precision).toBeGreaterThanOrEqual(0.9);
      expect(recall).toBeGreaterThanOrEqual(0.9);
    });
  });
});

describe('actionReason', () => {
  const base = { text: '开展培训不少于6次', score: 0.64, acknowledgedShortfall: false, carriedOver: false };
  const passage = { heading: '（一）学法用法', text: '', start: 0, end: 0, score: 0.64 };

  it('names the longest shared words, the coverage, where, and the figures compared', () => {
    const reason = actionReason(
      { ...base, verdict: 'partial', evidence: [{ ...passage, terms: ['执法队', '镇综合行政执法队', '培训'] }] },
      [{ metric: '培训', op: '>=', value: 6, unit: '次', actual: 4, actualText: '培训4次', met: false }],
    );
    expect(reason).toBe(
      '部分落实（数字未达到承诺）：与次年报告共有“镇综合行政执法队、培训”，覆盖承诺内容的64%，见“（一）学法用法”；目标培训不少于6次，报告4次（未达到）',
    );
  });

  it('says what the report says instead when nothing reports the action', () => {
    const none = { ...base, verdict: 'not_found' as const, evidence: [], score: 0.1 };
    expect(actionReason({ ...none, acknowledgedShortfall: true })).toMatch(/存在问题中承认未完成/);
    expect(actionReason({ ...none, carriedOver: true })).toMatch(/下一年度安排中再次提出/);
    expect(actionReason(none)).toBe('未找到落实表述：次年报告中最相近的表述只覆盖10%');
  });
});
