import { TASK_STATUSES, type TaskStatus } from '@luoshi/tasks';
import { draftTableHtml, type DraftCommitment } from './scorecard.render';

function commitment(taskStatus: TaskStatus, extra: Partial<DraftCommitment> = {}): DraftCommitment {
  return { path: '1', title: '推进精准普法', taskStatus, outcome: null, latestNote: null, ...extra };
}

/** The one row's cells (the page is ours: one <td> per cell). */
function cells(html: string): string[] {
  return [...html.matchAll(/<td>(.*?)<\/td>/gs)].map(([, c]) => c);
}

const draftOf = (c: DraftCommitment) =>
  draftTableHtml('草稿', [{ bureauName: '西湖区司法局', planYear: 2024, commitments: [c] }]);

describe('draftTableHtml', () => {
  it('states every task status as done, under way or not started, naming the exact state when it is hidden', () => {
    const stated = Object.fromEntries(
      TASK_STATUSES.map((s) => {
        const [, , , status, source, remark] = cells(draftOf(commitment(s)));
        return [s, [status, source, remark]];
      }),
    );
    expect(stated).toEqual({
      planned: ['未启动', '系统进展记录', ''],
      in_progress: ['推进中', '系统进展记录', ''],
      submitted: ['推进中', '系统进展记录', '当前状态：申请销号'],
      returned: ['推进中', '系统进展记录', '当前状态：已退回'],
      blocked: ['推进中', '系统进展记录', '当前状态：受阻'],
      closed: ['已完成', '系统进展记录', ''],
      dropped: ['不再推进', '系统进展记录', ''],
    });
  });

  it('prefers the next report’s evidence over the task’s own record, and says so', () => {
    const html = draftOf(
      commitment('in_progress', {
        latestNote: { text: '系统里的进展', date: '2025-03-01' },
        outcome: {
          effectiveVerdict: 'partial',
          evidence: [
            { heading: '（四）普法', text: '走访企业180家', start: 0, end: 7, score: 0.6, terms: ['企业'] },
          ] as never,
          acknowledgedShortfall: true,
          carriedOver: false,
          targets: [],
        },
      }),
    );
    expect(cells(html)).toEqual(['1', '推进精准普法', '走访企业180家', '部分完成', '次年报告', '报告自认存在不足']);
  });

  it('escapes every text it prints', () => {
    const html = draftTableHtml('<b>题</b>', [
      {
        bureauName: '<i>局</i>',
        planYear: 2024,
        commitments: [
          commitment('in_progress', {
            title: '<img src=x onerror=alert(1)>',
            latestNote: { text: '<script>alert(1)</script>', date: '2025-03-01' },
          }),
        ],
      },
    ]);
    expect(html).not.toMatch(/<(script|img|b>|i>)/);
    expect(cells(html).slice(1, 3)).toEqual([
      '&lt;img src=x onerror=alert(1)&gt;',
      '&lt;script&gt;alert(1)&lt;/script&gt;（2025-03-01）',
    ]);
  });
});
