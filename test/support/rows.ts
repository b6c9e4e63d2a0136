import type { PlanItem, Report } from '@luoshi/db';

/** A stored report of a bureau with nothing parsed in it: a parent for tasks written directly. */
export function reportRow(bureauId: number, contentHash: string): Partial<Report> {
  return {
    bureauId,
    reportYear: 2024,
    planYear: 2025,
    title: null,
    publishDate: null,
    sourceUrl: null,
    contentHash,
    revision: 1,
    encoding: 'utf-8',
    rawText: 't',
    parserVersion: '1',
    sections: [],
    warnings: [],
  };
}

/** An open 2025 task of a report, due on `dueDate`, titled `title` (its path and text too). */
export function taskRow(
  task: { reportId: number; bureauId: number; title: string; dueDate: string | null },
  extra: Partial<PlanItem> = {},
): Partial<PlanItem> {
  return {
    planYear: 2025,
    path: task.title,
    body: task.title,
    owner: null,
    coOwners: [],
    deadlines: [],
    status: 'planned',
    targets: [],
    recurrence: null,
    actions: [],
    verifiability: null,
    startOffset: 0,
    endOffset: 1,
    assigneeId: null,
    parentId: null,
    ...task,
    ...extra,
  } as Partial<PlanItem>;
}
