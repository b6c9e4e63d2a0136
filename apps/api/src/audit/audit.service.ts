import { Injectable } from '@nestjs/common';
import {
  ActivityRepository,
  BureauRepository,
  LinkOutcomeRepository,
  PlanItem,
  ReportRepository,
  TaskRepository,
  UnitOfWork,
  type Bureau,
  type LinkOutcome,
} from '@luoshi/db';
import { chainCommitments, problemsCoverage, type ProblemCoverage } from '@luoshi/progress-linker';
import { isOpen, shanghaiToday, type TaskStatus } from '@luoshi/tasks';
import type { Actor } from '../auth/actor.types';
import { forbidden, notFound } from '../common/api-error';
import { BureauScopeService } from '../scope/bureau-scope.service';
import type {
  AuditQueryDto,
  CommitmentAuditDto,
  DecisionDto,
  FollowThroughDto,
  LineageChainDto,
  LineageDto,
} from './audit.dto';
import { effectiveVerdict, followThroughRow, latestPerCommitment } from './follow-through.util';
import { draftTableHtml, scorecardHtml, scorecardXlsx, type DraftSection } from './scorecard.render';

/** Plan paths in reading order ('2.10' after '2.9'); one collator, not one per comparison as localeCompare(…, options) makes. */
const PATH_ORDER = new Intl.Collator('en', { numeric: true });

/** Ids per `IN (…)` read: well under SQLite's and PostgreSQL's limits on bound parameters. */
const TASKS_PER_READ = 5_000;
/** Supervisors' view of follow-through: how far each bureau's commitments were carried out. */
@Injectable()
export class AuditService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outcomes: LinkOutcomeRepository,
    private readonly tasks: TaskRepository,
    private readonly bureaus: BureauRepository,
    private readonly reports: ReportRepository,
    private readonly activity: ActivityRepository,
    private readonly scope: BureauScopeService,
  ) {}

  /** The bureaus audited: a named bureau (404 when it is not one you may see, as everywhere) or all you may see. */
  private async bureauIds(actor: Actor, bureauId?: number): Promise<number[] | null> {
    if (bureauId === undefined) return this.scope.visibleBureauIds(actor);
    if (!(await this.scope.canSee(actor, bureauId))) throw notFound('Bureau');
    return this.scope.withinScope(actor, bureauId);
  }

  private async bureauNames(ids: number[]): Promise<Map<number, Bureau>> {
    return new Map((await this.bureaus.byIds(ids)).map((b) => [b.id, b]));
  }

  async followThrough(actor: Actor, query: AuditQueryDto): Promise<FollowThroughDto> {
    const outcomes = latestPerCommitment(
      await this.outcomes.list(await this.bureauIds(actor, query.bureauId), query.planYear),
    );
    const byBureau = new Map<number, LinkOutcome[]>();
    for (const o of outcomes) byBureau.set(o.bureauId, [...(byBureau.get(o.bureauId) ?? []), o]);
    const names = await this.bureauNames([...byBureau.keys()]);
    return {
      bureaus: [...byBureau.entries()].map(([id, list]) =>
        followThroughRow(id, names.get(id)?.name ?? String(id), list),
      ),
      total: followThroughRow(0, '合计', outcomes),
    };
  }

  async commitments(actor: Actor, query: AuditQueryDto): Promise<CommitmentAuditDto[]> {
    const outcomes = latestPerCommitment(
      await this.outcomes.list(await this.bureauIds(actor, query.bureauId), query.planYear),
    );
    // The commitments' tasks in a few reads, not one per commitment (a province's year holds thousands).
    const tasks = new Map<number, PlanItem>();
    const ids = [...new Set(outcomes.map((o) => o.planItemId))];
    for (let i = 0; i < ids.length; i += TASKS_PER_READ)
      for (const task of await this.tasks.byIds(ids.slice(i, i + TASKS_PER_READ))) tasks.set(task.id, task);
    return outcomes
      .filter((o) => tasks.has(o.planItemId))
      .map((o) => {
        const t = tasks.get(o.planItemId)!;
        return {
          outcomeId: o.id,
          taskId: t.id,
          bureauId: o.bureauId,
          planYear: o.planYear,
          path: t.path,
          title: t.title,
          body: t.body,
          taskStatus: t.status,
          priorReportId: o.priorReportId,
          followupReportId: o.followupReportId,
          verdict: o.verdict,
          effectiveVerdict: effectiveVerdict(o),
          score: o.score,
          acknowledgedShortfall: o.acknowledgedShortfall,
          carriedOver: o.carriedOver,
          evidence: o.evidence,
          actions: o.actions,
          targets: o.targets,
          decision: o.decision,
          decisionNote: o.decisionNote,
        };
      })
      .sort(
        (a, b) =>
          a.bureauId - b.bureauId || (a.planYear ?? 0) - (b.planYear ?? 0) || PATH_ORDER.compare(a.path, b.path),
      );
  }

  /** A person confirms or rejects a link; the decision survives re-linking. */
  async decide(actor: Actor, outcomeId: number, dto: DecisionDto): Promise<CommitmentAuditDto> {
    const outcome = await this.outcomes.findById(outcomeId);
    if (!outcome || !(await this.scope.canSee(actor, outcome.bureauId))) throw notFound('Link');
    if (actor.role === 'staff') throw forbidden('Supervisors confirm or reject links', '由督查人员确认或否定核查结论');
    await this.uow.run(async (tx) => {
      await tx.outcomes.decide(outcome.id, dto.decision, actor.userId, dto.note ?? null);
      await tx.activity.record([
        {
          entityType: 'plan_item',
          entityId: outcome.planItemId,
          actorId: actor.userId,
          action: `link_${dto.decision}`,
          field: 'evidence',
          before: outcome.decision,
          after: dto.decision,
        },
      ]);
    });
    const all = await this.commitments(actor, { bureauId: outcome.bureauId, planYear: outcome.planYear ?? undefined });
    return all.find((c) => c.outcomeId === outcome.id)!;
  }

  private title(kind: string, query: AuditQueryDto, names: Map<number, Bureau>): string {
    const bureau = query.bureauId !== undefined ? (names.get(query.bureauId)?.name ?? '') : '各单位';
    return `${bureau}${query.planYear ? `${query.planYear}年度` : ''}${kind}`;
  }

  async scorecard(actor: Actor, query: AuditQueryDto, format: 'xlsx' | 'html'): Promise<Buffer | string> {
    const [summary, commitments] = await Promise.all([
      this.followThrough(actor, query),
      this.commitments(actor, query),
    ]);
    const names = await this.bureauNames(query.bureauId !== undefined ? [query.bureauId] : []);
    const title = this.title('法治政府建设工作安排落实情况核查表', query, names);
    const rows = [...summary.bureaus, summary.total];
    return format === 'xlsx' ? scorecardXlsx(title, rows, commitments) : scorecardHtml(title, rows, commitments);
  }

  /**
   * The draft table 上年度工作安排落实情况: every commitment (top-level plan item) of the audited plan
   * year — each plan year when none is named — of each bureau in scope, from the newest revision of
   * its plan. Where the next report's linking left an outcome, the row shows that evidence; otherwise
   * the task's own status and latest progress note, so the table is useful before the report arrives.
   */
  async draft(actor: Actor, query: AuditQueryDto): Promise<string> {
    const plans = (await this.reports.latestPlanReports(await this.bureauIds(actor, query.bureauId)))
      .filter((p) => query.planYear === undefined || p.planYear === query.planYear)
      .sort((a, b) => a.bureauId - b.bureauId || a.planYear - b.planYear);
    const tasks = await this.tasks.commitmentsOf(plans.map((p) => p.id));
    const ids = tasks.map((t) => t.id);
    const outcomes = new Map(latestPerCommitment(await this.outcomes.forItems(ids)).map((o) => [o.planItemId, o]));
    const notes = new Map((await this.activity.latestNotes(ids)).map((n) => [n.planItemId, n]));
    const names = await this.bureauNames([
      ...new Set([...plans.map((p) => p.bureauId), ...(query.bureauId !== undefined ? [query.bureauId] : [])]),
    ]);
    const sections: DraftSection[] = plans.map((plan) => ({
      bureauName: names.get(plan.bureauId)?.name ?? String(plan.bureauId),
      planYear: plan.planYear,
      commitments: tasks
        .filter((t) => t.reportId === plan.id)
        .sort((a, b) => PATH_ORDER.compare(a.path, b.path))
        .map((t) => {
          const outcome = outcomes.get(t.id);
          const note = notes.get(t.id);
          return {
            path: t.path,
            title: t.title,
            taskStatus: t.status,
            outcome: outcome ? { ...outcome, effectiveVerdict: effectiveVerdict(outcome) } : null,
            latestNote: note?.note ? { text: note.note, date: shanghaiToday(note.createdAt) } : null,
          };
        }),
    }));
    return draftTableHtml(this.title('工作安排落实情况（上年度）', query, names), sections);
  }

  /** 年年提: commitments restated year after year, per bureau, with the age of the oldest still open. */
  async lineage(actor: Actor, bureauId?: number): Promise<LineageDto> {
    const ids = await this.bureauIds(actor, bureauId);
    const chains: LineageChainDto[] = [];
    const byBureau = new Map<number, Map<number, number>>();
    for (const r of await this.reports.latestPlanReports(ids)) {
      const years = byBureau.get(r.bureauId) ?? new Map<number, number>();
      years.set(r.planYear, r.id);
      byBureau.set(r.bureauId, years);
    }
    const names = await this.bureauNames([...byBureau.keys()]);
    for (const [bid, years] of byBureau) {
      const plans = [];
      for (const [planYear, reportId] of years) {
        const roots = (await this.tasks.byReport(reportId)).filter(
          (t) => t.parentId === null && t.supersededById === null,
        );
        plans.push({ planYear, commitments: roots.map((t) => ({ ref: t, title: t.title, body: t.body })) });
      }
      for (const chain of chainCommitments(plans)) {
        const last = chain.links[chain.links.length - 1].ref;
        chains.push({
          bureauId: bid,
          bureauName: names.get(bid)?.name ?? String(bid),
          links: chain.links.map((l) => ({
            planYear: l.planYear,
            taskId: l.ref.id,
            // Read from a report's items (byReport above), so never a hand-made task's null.
            reportId: Number(l.ref.reportId),
            title: l.title,
            status: l.ref.status,
          })),
          years: chain.links.length,
          open: isOpen(last.status as TaskStatus),
        });
      }
    }
    const oldestOpen = [...new Set(chains.map((c) => c.bureauId))].flatMap((bid) => {
      const open = chains.filter((c) => c.bureauId === bid && c.open).sort((a, b) => b.years - a.years)[0];
      return open
        ? [{ bureauId: bid, bureauName: open.bureauName, years: open.years, title: open.links[0].title }]
        : [];
    });
    return { chains, oldestOpen };
  }

  /** Problems → plan: which of a report's named problems its plan answers. */
  async problemsCoverage(actor: Actor, reportId: number): Promise<ProblemCoverage[]> {
    const report = await this.reports.findById(reportId);
    if (!report || !(await this.scope.canSee(actor, report.bureauId))) throw notFound('Report');
    const roots = (await this.tasks.byReport(report.id)).filter(
      (t) => t.parentId === null && t.supersededById === null,
    );
    return problemsCoverage({
      text: report.rawText,
      report: { sections: report.sections },
      items: roots.map((t) => ({
        path: t.path,
        title: t.title,
        body: t.body,
        start: t.startOffset,
        end: t.endOffset,
        children: [],
      })),
    });
  }
}
