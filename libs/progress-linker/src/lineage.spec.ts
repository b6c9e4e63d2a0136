import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseReport, type ParsedReport } from '@luoshi/report-parser';
import { chainCommitments, problemsCoverage } from './lineage';

const SAMPLES = resolve(__dirname, '../../../samples');

function parsed(name: string): ParsedReport {
  const result = parseReport(readFileSync(join(SAMPLES, name)));
  if (!result.ok) throw new Error(name);
  return result;
}

describe(chainCommitments.name, () => {
  it('chains promises restated the next year (示范村复核, 线上普法资源库) and leaves new ones alone', () => {
    const plans = ['xihu-2023.txt', 'xihu-2024.txt'].map((name) => {
      const report = parsed(name);
      return {
        planYear: report.report.planYear!,
        commitments: report.items.map((i) => ({ ref: `${name}#${i.path}`, title: i.title, body: i.body })),
      };
    });
    const chains = chainCommitments(plans);
    expect(chains.map((c) => c.links.map((l) => l.ref))).toEqual([
      ['xihu-2023.txt#3', 'xihu-2024.txt#1'],
      ['xihu-2023.txt#4', 'xihu-2024.txt#2'],
    ]);
  });

  it('does not chain across a missing year', () => {
    const a = {
      planYear: 2020,
      commitments: [{ ref: 1, title: '完成民主法治示范村创建复核', body: '完成民主法治示范村创建复核' }],
    };
    const c = {
      planYear: 2022,
      commitments: [{ ref: 2, title: '完成民主法治示范村创建复核', body: '完成民主法治示范村创建复核' }],
    };
    expect(chainCommitments([a, c])).toEqual([]);
  });
});

describe(problemsCoverage.name, () => {
  it('finds which plan item answers each named problem', () => {
    const coverage = problemsCoverage(parsed('wuhou-2024.txt'));
    expect(coverage.map((c) => [c.problem.slice(0, 8), c.answeredBy])).toEqual([
      ['政企法治座谈会召', ['1']],
      ['行政复议调解和解', ['2']],
    ]);
  });

  it('reports a problem no plan item answers', () => {
    const coverage = problemsCoverage(parsed('xihu-2023.txt'));
    expect(coverage.some((c) => c.answeredBy.length === 0)).toBe(true);
    expect(coverage.length).toBe(3);
  });
});
