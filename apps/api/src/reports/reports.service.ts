import { DEFAULT_PAGE_SIZE } from '../common/paging';
import { Injectable } from '@nestjs/common';
import { BureauRepository, ReportRepository, type Bureau, type Report } from '@luoshi/db';
import { IngestionService } from '@luoshi/report-ingestion';
import { ReportParseError, type MetadataOverrides, type ParsedReport } from '@luoshi/report-parser';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import type { Actor } from '../auth/actor.types';
import { forbidden, notFound } from '../common/api-error';
import { LinkingProducer } from '../linking/linking.producer';
import { BureauScopeService } from '../scope/bureau-scope.service';
import type {
  IngestResponseDto,
  ParsePreviewDto,
  ReportDetailDto,
  ReportListQueryDto,
  ReportPageDto,
  ReportSummaryDto,
} from './report.dto';
import { ReportParsePool } from './parse/report-parse.pool';
import { ReportBureauService } from './report-bureau.service';
import type { ReportInput } from './report-input.util';

const notYours = () =>
  forbidden(
    'You may only upload reports of your own bureau (or its sub-bureaus, as a supervisor)',
    '只能上传本单位（督查人员可含下级单位）的报告',
  );

@Injectable()
export class ReportsService {
  constructor(
    private readonly ingestion: IngestionService,
    private readonly reports: ReportRepository,
    private readonly bureaus: BureauRepository,
    private readonly scope: BureauScopeService,
    private readonly linking: LinkingProducer,
    private readonly parser: ReportParsePool,
    private readonly reportBureau: ReportBureauService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  private overrides(input: ReportInput): MetadataOverrides {
    const { reportYear, planYear } = input.fields;
    return { ...(reportYear !== undefined ? { reportYear } : {}), ...(planYear !== undefined ? { planYear } : {}) };
  }

  /** Parsed on the parse threads, never on the event loop (ReportParsePool). */
  private async parse(input: ReportInput): Promise<ParsedReport> {
    const result = await this.parser.parse(input.content, {
      overrides: this.overrides(input),
      maxBytes: this.config.reportMaxBytes,
      html: input.html,
      fileName: input.fileName,
    });
    if (!result.ok)
      throw new ReportParseError(result.error.code as never, result.error.message, result.error.messageZh);
    return result;
  }

  async preview(actor: Actor, input: ReportInput): Promise<ParsePreviewDto> {
    const parsed = await this.parse(input);
    const bureau =
      input.fields.bureauId !== undefined
        ? await this.bureaus.findById(input.fields.bureauId)
        : await this.reportBureau.named(parsed.report);
    return {
      report: parsed.report,
      items: parsed.items,
      warnings: parsed.warnings.map((w) => `${w.code}: ${w.messageZh}`),
      text: parsed.text,
      matchedBureau: bureau ? { id: bureau.id, name: bureau.name } : null,
      bureauMismatch: await this.reportBureau.mismatch(actor, input.fields, parsed.report),
    };
  }

  /**
   * Decides where a report may be stored for this person before anything is written: staff only
   * in their own bureau, supervisors inside their subtree (new bureaus go under their own). A report
   * that clearly names another bureau than the one it would be filed under is refused (409
   * BUREAU_MISMATCH) unless the upload confirms it or names its bureau: silently storing bureau A's
   * plan as bureau B's tasks is the one outcome worse than asking.
   */
  private async target(
    actor: Actor,
    input: ReportInput,
    parsed: () => Promise<ParsedReport>,
  ): Promise<{ bureauId?: number; parentBureauId?: number }> {
    const { bureauId, parentBureauId, confirmBureau } = input.fields;
    if (actor.role === 'admin') {
      if (bureauId === undefined)
        await this.reportBureau.refuseSilentMismatch(actor, input.fields, (await parsed()).report);
      return { bureauId, parentBureauId };
    }
    if (actor.bureauId === null) throw notYours();
    if (actor.role === 'staff') {
      if (bureauId !== undefined && bureauId !== actor.bureauId) throw notYours();
      if (bureauId === undefined && confirmBureau !== true) {
        // A report naming another bureau luoshi knows is not this person's to file. (Their own
        // bureauId or confirmBureau is a deliberate correction: the parser misread the name.)
        const report = (await parsed()).report;
        const existing = await this.reportBureau.named(report);
        if (existing && existing.id !== actor.bureauId) throw notYours();
        await this.reportBureau.refuseSilentMismatch(actor, input.fields, report);
      }
      return { bureauId: actor.bureauId };
    }
    if (bureauId !== undefined) {
      if (!(await this.scope.canSee(actor, bureauId))) throw notYours();
      return { bureauId };
    }
    const report = (await parsed()).report;
    const existing = await this.reportBureau.named(report);
    if (existing) {
      if (!(await this.scope.canSee(actor, existing.id))) throw notYours();
      return { bureauId: existing.id };
    }
    const parent = parentBureauId ?? actor.bureauId;
    if (!(await this.scope.canSee(actor, parent))) throw notYours();
    await this.reportBureau.refuseSilentMismatch(actor, input.fields, report);
    return { parentBureauId: parent };
  }

  async ingest(actor: Actor, input: ReportInput): Promise<IngestResponseDto> {
    // Parsed once, as the preview parses it (HTML flag included), and only when needed: a refusal
    // that does not depend on the text comes first; who may file it may depend on the bureau it
    // names; what is stored is what was checked.
    let parsed: Promise<ParsedReport> | undefined;
    const parse = () => (parsed ??= this.parse(input));
    const target = await this.target(actor, input, parse);
    const result = await this.ingestion.store(await parse(), { ...target, sourceUrl: input.fields.sourceUrl });
    // The report evidences last year's plan and is evidenced by next year's report: link both.
    const linking = result.status === 'created' ? await this.linking.linkReport(result.report.id) : null;
    return {
      status: result.status,
      report: toSummary(result.report, result.bureau),
      itemCount: result.itemCount,
      warnings: result.warnings,
      changes: result.changes,
      linking: linking ? { pairs: linking.pairs, mode: linking.mode } : null,
    };
  }

  /** Re-runs the linking of a report with its neighbours now (supervisors and admins). */
  async relink(
    actor: Actor,
    id: number,
  ): Promise<{ pairs: Array<{ priorReportId: number; followupReportId: number }> }> {
    const report = await this.reports.findById(id);
    if (!report || !(await this.scope.canSee(actor, report.bureauId))) throw notFound('Report');
    if (actor.role === 'staff')
      throw forbidden('Supervisors and admins re-run linking', '仅督查人员和管理员可重新核查');
    return { pairs: await this.linking.relinkNow(id) };
  }

  async list(actor: Actor, query: ReportListQueryDto): Promise<ReportPageDto> {
    const page = { page: query.page ?? 1, pageSize: query.pageSize ?? DEFAULT_PAGE_SIZE };
    const [rows, total] = await this.reports.list(
      await this.scope.visibleBureauIds(actor),
      { planYear: query.planYear, bureauId: query.bureauId },
      page,
    );
    const bureaus = new Map(
      (await this.bureaus.byIds([...new Set(rows.map((r) => r.bureauId))])).map((b) => [b.id, b]),
    );
    return { items: rows.map((r) => toSummary(r, bureaus.get(r.bureauId) ?? null)), total, ...page };
  }

  async detail(actor: Actor, id: number, includeText: boolean): Promise<ReportDetailDto> {
    const report = await this.reports.findById(id);
    if (!report || !(await this.scope.canSee(actor, report.bureauId))) throw notFound('Report');
    const bureau = await this.bureaus.findById(report.bureauId);
    return {
      ...toSummary(report, bureau),
      sections: report.sections,
      itemCount: await this.reports.countItems(report.id),
      ...(includeText ? { text: report.rawText } : {}),
    };
  }
}

function toSummary(r: Report, bureau: Bureau | null): ReportSummaryDto {
  return {
    id: r.id,
    bureauId: r.bureauId,
    bureauName: bureau?.name ?? null,
    reportYear: r.reportYear,
    planYear: r.planYear,
    title: r.title,
    publishDate: r.publishDate,
    sourceUrl: r.sourceUrl,
    revision: r.revision,
    warnings: r.warnings,
    createdAt: r.createdAt,
  };
}
