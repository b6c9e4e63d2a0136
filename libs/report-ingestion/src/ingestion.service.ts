import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  UnitOfWork,
  type TransactionRepositories,
  type Bureau,
  type BureauLevel,
  type NewPlanItem,
  type PlanItem,
  type Report,
} from '@luoshi/db';
import {
  PARSER_VERSION,
  ReportParseError,
  parseReportFile,
  type MetadataOverrides,
  type ParsedPlanItem,
  type ParsedReport,
} from '@luoshi/report-parser';
import { IngestError, IngestErrorCode } from './ingest.error';

export interface IngestOptions {
  /** Store under this bureau instead of the one the text names. */
  bureauId?: number;
  /** Parent for a bureau that has to be created. */
  parentBureauId?: number;
  overrides?: MetadataOverrides;
  sourceUrl?: string;
  maxBytes?: number;
  /** The input is HTML (true) or plain text (false); detected when absent. */
  html?: boolean;
  /** The file's name: .html/.htm means HTML unless `html` says otherwise; a Word 97 file named .wps is recorded as wps. */
  fileName?: string;
}

export interface IngestionSettings {
  /**
   * Fault tests only (TEST_INGEST_HOLD_MS): keeps each new report's transaction open this long
   * after its rows are written, so that a test can kill the process while one is open and prove
   * that nothing of it remains.
   */
  holdOpenMs?: number;
}

export type IngestStatus = 'created' | 'duplicate';

/** What a new revision changed, compared with the tasks of the earlier revisions. */
export interface RevisionChanges {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: string[];
  /** Earlier tasks that already had progress: kept as they are, for a person to reconcile. */
  keptWithProgress: Array<{ id: number; path: string; title: string; status: string }>;
  /** Earlier tasks without progress, replaced by this revision's. */
  superseded: number;
}

export interface IngestResult {
  status: IngestStatus;
  report: Report;
  bureau: Bureau;
  itemCount: number;
  /** 2 or more when the bureau already had a different version of this year's report. */
  revision: number;
  warnings: string[];
  parsed: ParsedReport;
  /** Set for revision 2 and later. */
  changes: RevisionChanges | null;
}

/**
 * Report bytes → a stored report with its plan items as tasks, in one transaction: all of it or
 * nothing. The same content for the same bureau is stored once; a changed version becomes a new
 * revision.
 */
export class IngestionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: IngestionSettings = {},
  ) {}

  /**
   * Text, HTML, Word (.docx, .doc, .wps) or PDF with a text layer.
   *
   * @throws ReportParseError (not a report, binary, empty, too large, unreadable document, no text layer) or IngestError.
   */
  async ingest(input: Uint8Array | string, options: IngestOptions = {}): Promise<IngestResult> {
    const parsed = await parseReportFile(input, {
      overrides: options.overrides,
      maxBytes: options.maxBytes,
      html: options.html,
      fileName: options.fileName,
    });
    if (!parsed.ok)
      throw new ReportParseError(parsed.error.code as never, parsed.error.message, parsed.error.messageZh);
    return this.store(parsed, options);
  }

  /**
   * Stores a report already parsed (with the same overrides), for callers that had to parse it
   * first — the API reads the bureau it names before deciding who may file it — so that an
   * upload is parsed once and stored exactly as it was checked.
   */
  async store(
    parsed: ParsedReport,
    options: Omit<IngestOptions, 'overrides' | 'maxBytes' | 'html' | 'fileName'> = {},
  ): Promise<IngestResult> {
    const contentHash = createHash('sha256').update(parsed.text).digest('hex');
    const warnings = parsed.warnings.map((w) => `${w.code}: ${w.messageZh}`);

    return new UnitOfWork(this.dataSource).run(async (tx) => {
      const { bureau, created } = await this.resolveBureau(tx, parsed, options);
      const reports = tx.reports;
      const existing = await reports.findByBureauAndHash(bureau.id, contentHash);
      if (existing) {
        return {
          status: 'duplicate',
          report: existing,
          bureau,
          itemCount: await reports.countItems(existing.id),
          revision: existing.revision,
          warnings,
          parsed,
          changes: null,
        };
      }
      const revision = await reports.nextRevision(bureau.id, parsed.report.reportYear);
      const { report, itemCount } = await reports.insertWithItems(
        {
          bureauId: bureau.id,
          reportYear: parsed.report.reportYear,
          planYear: parsed.report.planYear,
          title: parsed.report.title,
          publishDate: parsed.report.publishDate,
          sourceUrl: options.sourceUrl ?? null,
          contentHash,
          revision,
          encoding: parsed.report.encoding,
          rawText: parsed.text,
          parserVersion: PARSER_VERSION,
          sections: parsed.report.sections,
          warnings,
        },
        parsed.items.map(toNewItem),
      );
      const changes = revision > 1 ? await reconcileRevision(tx, report, parsed) : null;
      // The bureaus its 牵头/配合单位 name take part in its tasks; a bureau new here may be one that
      // earlier reports named.
      await tx.participants.syncNewReport(report.id, created ? bureau : null);
      if (this.settings.holdOpenMs) await new Promise((resolve) => setTimeout(resolve, this.settings.holdOpenMs));
      return { status: 'created', report, bureau, itemCount, revision, warnings, parsed, changes };
    });
  }

  private async resolveBureau(
    tx: TransactionRepositories,
    parsed: ParsedReport,
    options: IngestOptions,
  ): Promise<{ bureau: Bureau; created: boolean }> {
    const bureaus = tx.bureaus;
    if (options.bureauId !== undefined) {
      const chosen = await bureaus.findById(options.bureauId);
      if (!chosen) {
        throw new IngestError(
          IngestErrorCode.BUREAU_NOT_FOUND,
          `No bureau with id ${options.bureauId}`,
          `未找到编号为${options.bureauId}的单位`,
        );
      }
      return { bureau: chosen, created: false };
    }
    const name = parsed.report.bureau;
    if (!name) {
      throw new IngestError(
        IngestErrorCode.BUREAU_REQUIRED,
        'The report does not name its bureau; choose one (bureauId) when uploading',
        '报告中未写明发布单位，请在上传时选择所属单位',
      );
    }
    const found =
      (await bureaus.findByNameOrAlias(name)) ??
      (parsed.report.publisher ? await bureaus.findByNameOrAlias(parsed.report.publisher) : null);
    if (found) return { bureau: found, created: false };
    if (options.parentBureauId !== undefined && !(await bureaus.findById(options.parentBureauId))) {
      throw new IngestError(
        IngestErrorCode.BUREAU_NOT_FOUND,
        `No parent bureau with id ${options.parentBureauId}`,
        `未找到上级单位（编号${options.parentBureauId}）`,
      );
    }
    const publisher = parsed.report.publisher;
    const bureau = await bureaus.create({
      name,
      region: parsed.report.region,
      level: levelOf(parsed.report.region, name),
      parentId: options.parentBureauId ?? null,
      aliases: publisher && publisher !== name && namesAPlace(publisher) ? [publisher] : [],
    });
    return { bureau, created: true };
  }
}

/**
 * A new revision of a report replaces the earlier revisions' tasks that nobody has touched
 * (still planned, never edited); tasks with progress are never overwritten and are listed instead.
 */
async function reconcileRevision(
  tx: TransactionRepositories,
  report: Report,
  parsed: ParsedReport,
): Promise<RevisionChanges> {
  const reports = tx.reports;
  const tasks = tx.tasks;
  const earlier = await reports.earlierRevisions(report.bureauId, report.reportYear, report.revision);
  const old: PlanItem[] = [];
  for (const r of earlier) old.push(...(await tasks.byReport(r.id)).filter((t) => t.supersededById === null));
  const newByPath = new Map<string, ParsedPlanItem>();
  const walk = (items: ParsedPlanItem[]) => items.forEach((i) => (newByPath.set(i.path, i), walk(i.children)));
  walk(parsed.items);
  const oldByPath = new Map(old.map((t) => [t.path, t]));
  const changes: RevisionChanges = {
    added: [],
    removed: [],
    changed: [],
    unchanged: [],
    keptWithProgress: [],
    superseded: 0,
  };
  for (const [path, item] of newByPath) {
    const before = oldByPath.get(path);
    if (!before) changes.added.push(path);
    else if (before.title !== item.title || before.body !== item.body || before.dueDate !== item.dueDate)
      changes.changed.push(path);
    else changes.unchanged.push(path);
  }
  for (const path of oldByPath.keys()) if (!newByPath.has(path)) changes.removed.push(path);
  const untouched = old.filter((t) => t.status === 'planned' && t.version === 1 && t.assigneeId === null);
  const touched = old.filter((t) => !untouched.includes(t));
  await tasks.supersede(
    untouched.map((t) => t.id),
    report.id,
  );
  changes.superseded = untouched.length;
  changes.keptWithProgress = touched.map((t) => ({ id: t.id, path: t.path, title: t.title, status: t.status }));
  return changes;
}

/** 城区司法局 names a place; 区司法局 or 市司法局 alone would match every district's or city's bureau. */
function namesAPlace(name: string): boolean {
  return !/^(省|市|区|县|镇|乡)?(司法局|司法厅|人民政府|政府)$/.test(name);
}

/** The bureau's level from its region (江西省赣州市 → city) or, failing that, its name. */
export function levelOf(region: string | null, name: string): BureauLevel {
  const place = region ?? name;
  if (/(镇|乡|街道)/.test(name)) return 'town';
  if (/[区县旗]$/.test(place) || /[区县]/.test(name.replace(/(自治区|市辖区)/g, ''))) return 'district';
  if (/(市|州|盟)$/.test(place)) return /^(北京|天津|上海|重庆)市$/.test(place) ? 'province' : 'city';
  if (/(省|自治区)$/.test(place)) return 'province';
  return 'other';
}

function toNewItem(item: ParsedPlanItem): NewPlanItem {
  return {
    path: item.path,
    title: item.title.slice(0, 500),
    body: item.body,
    owner: item.owner?.slice(0, 200) ?? null,
    coOwners: item.coOwners,
    dueDate: item.dueDate,
    deadlines: item.deadlines,
    targets: item.targets,
    recurrence: item.recurrence,
    actions: item.actions.map(({ text, start, end, deadlines, targets }) => ({ text, start, end, deadlines, targets })),
    verifiability: item.verifiability,
    startOffset: item.start,
    endOffset: item.end,
    children: item.children.map(toNewItem),
  };
}
