import type { DataSource } from 'typeorm';
import { ReportRepository, TaskRepository, type PlanItem, UnitOfWork } from '@luoshi/db';
import { linkProgress, type LinkSummary, type PriorItem } from '@luoshi/progress-linker';

export interface ReportPair {
  priorReportId: number;
  followupReportId: number;
}

/** Plan items of one report as the linker's tree (superseded tasks left out). */
export function toPriorTree(tasks: PlanItem[]): Array<PriorItem & { id: number }> {
  const active = tasks.filter((t) => t.supersededById === null);
  const nodes = new Map(
    active.map((t) => [
      t.id,
      {
        id: t.id,
        path: t.path,
        title: t.title,
        body: t.body,
        actions: t.actions,
        targets: t.targets,
        children: [] as PriorItem[],
      },
    ]),
  );
  const roots: Array<PriorItem & { id: number }> = [];
  for (const t of active) {
    const node = nodes.get(t.id)!;
    const parent = t.parentId === null ? undefined : nodes.get(t.parentId);
    if (parent) parent.children.push(node);
    else if (t.parentId === null) roots.push(node);
  }
  return roots;
}

/**
 * Links a bureau's report to the one before it (whose plan it reports on) and to the one after
 * it, and stores the outcomes. Idempotent: running it again recomputes the same rows and keeps
 * people's decisions.
 */
export class ReportLinkingService {
  constructor(private readonly dataSource: DataSource) {}

  /** The pairs a newly stored report takes part in: as follow-up of the year before, as prior of the year after. */
  async pairsFor(reportId: number): Promise<ReportPair[]> {
    const reports = new ReportRepository(this.dataSource);
    const report = await reports.keyOf(reportId);
    if (!report) return [];
    const pairs: ReportPair[] = [];
    if (report.reportYear !== null) {
      const prior = await reports.latestOf(report.bureauId, { planYear: report.reportYear });
      if (prior && prior.id !== report.id) pairs.push({ priorReportId: prior.id, followupReportId: report.id });
    }
    if (report.planYear !== null) {
      const followup = await reports.latestOf(report.bureauId, { reportYear: report.planYear });
      if (followup && followup.id !== report.id)
        pairs.push({ priorReportId: report.id, followupReportId: followup.id });
    }
    return pairs;
  }

  async link(pair: ReportPair): Promise<LinkSummary | null> {
    const reports = new ReportRepository(this.dataSource);
    const [prior, followup] = await Promise.all([
      reports.findById(pair.priorReportId),
      reports.findById(pair.followupReportId),
    ]);
    if (!prior || !followup) return null;
    const tree = toPriorTree(await new TaskRepository(this.dataSource).byReport(prior.id));
    const result = linkProgress(tree, { text: followup.rawText, report: { sections: followup.sections }, items: [] });
    await new UnitOfWork(this.dataSource).run((tx) =>
      tx.outcomes.upsertComputed(
        result.commitments.map((c, i) => ({
          planItemId: tree[i].id,
          priorReportId: prior.id,
          followupReportId: followup.id,
          bureauId: prior.bureauId,
          planYear: prior.planYear,
          verdict: c.verdict,
          score: c.score,
          acknowledgedShortfall: c.acknowledgedShortfall,
          carriedOver: c.carriedOver,
          evidence: c.evidence,
          actions: c.actions,
          targets: c.targets.map(({ metric, op, value, unit, actual, met }) => ({
            metric,
            op,
            value,
            unit,
            actual,
            met,
          })),
        })),
      ),
    );
    return result.summary;
  }

  /** Links every pair a report takes part in, one after the other. */
  async linkAllFor(reportId: number): Promise<ReportPair[]> {
    const pairs = await this.pairsFor(reportId);
    for (const pair of pairs) await this.link(pair);
    return pairs;
  }
}
