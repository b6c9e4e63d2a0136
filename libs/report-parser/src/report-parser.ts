import { bodyLines, buildDocument, type Line } from './input/document';
import { prepareText } from './input/prepare-text.util';
import { maskDocumentNames } from './facts/mask.util';
import { extractItems } from './items/items.extractor';
import { applyOverrides, extractMetadata, type ExtractedMetadata } from './metadata/metadata.extractor';
import { DEFAULT_MAX_BYTES } from './parser.constants';
import type { ParseOptions, ParseResult, ParseWarning, ReportMetadata, Section, SectionKind } from './parser.types';
import { ParseWarningCode, ReportParseError, ReportParseErrorCode } from './report-parse.error';
import { extractSections, type SectionLayout } from './sections/sections.extractor';

/** The plan headings the parser knows, named in the NO_PLAN_SECTION warning. */
export const PLAN_HEADINGS_LOOKED_FOR = [
  'YYYY年工作安排 / 工作计划 / 工作思路 / 工作要点',
  '…下一年度…主要安排',
  '存在问题和下一步打算 (plan from the paragraph beginning 下一步)',
  '下一步工作计划 / 下一步打算',
  '明年… / 今后…',
];

/**
 * Parses one annual rule-of-law report (text or HTML, any common Chinese encoding) into metadata,
 * sections and the tree of plan items. Never throws: a refused input comes back as `ok: false`
 * with a coded error and whatever metadata was found.
 */
export function parseReport(input: Uint8Array | string, options: ParseOptions = {}): ParseResult {
  let partial: Partial<ReportMetadata> = {};
  try {
    const prepared = prepareText(input, options.maxBytes ?? DEFAULT_MAX_BYTES, options.html);
    partial = { encoding: prepared.encoding };
    const doc = buildDocument(prepared.text, prepared.norm);
    const lines = bodyLines(doc);
    const layout = extractSections(lines);
    const found = applyOverrides(extractMetadata(doc, lines, layout), options.overrides);
    const sections = layout.sections.map(({ kind, heading, start, end }): Section => ({ kind, heading, start, end }));
    partial = { ...found, encoding: prepared.encoding, sections };
    assertIsReport(lines, layout, found);

    const warnings: ParseWarning[] = [];
    const plan = layout.sections.find((s) => s.kind === 'plan');
    const planYear = found.planYear ?? (found.reportYear !== null ? found.reportYear + 1 : new Date().getFullYear());
    let items: ReturnType<typeof extractItems> = [];
    if (!plan) {
      warnings.push({
        code: ParseWarningCode.NO_PLAN_SECTION,
        message: `No next-year plan section found; looked for headings like: ${PLAN_HEADINGS_LOOKED_FOR.join('; ')}. The report is kept as evidence for last year's plan.`,
        messageZh:
          '未找到下一年度工作安排部分（已查找“××年工作安排/计划/思路”“下一年度主要安排”“下一步打算”“明年”等标题），该报告仍可作为上一年度计划的落实佐证。',
      });
    } else {
      const planLines = lines.slice(plan.contentLine, plan.endLine);
      items = extractItems(planLines, {
        text: prepared.text,
        norm: prepared.norm,
        masked: maskDocumentNames(prepared.norm),
        planYear,
        defaultOwner: found.bureau,
      });
      if (items.length === 0) {
        warnings.push({
          code: ParseWarningCode.NO_PLAN_ITEMS,
          message: `The plan section "${plan.heading}" has no items that could be read`,
          messageZh: `工作安排部分“${plan.heading}”中未识别出具体事项`,
        });
      }
    }
    if (found.title === null) {
      warnings.push({
        code: ParseWarningCode.NO_TITLE,
        message:
          'The report prints no title (it opens with an addressee or the body); its years and bureau were read from the body — check them',
        messageZh: '报告没有标题（以主送机关或正文开头），年份和单位系根据正文推断，请核对',
      });
    }
    if (!found.bureau) {
      warnings.push({
        code: ParseWarningCode.BUREAU_NOT_FOUND,
        message: 'The issuing bureau is not named in the text; choose it when saving',
        messageZh: '文中未写明发布单位，请在保存时选择所属单位',
      });
    }
    return {
      ok: true,
      report: { ...found, encoding: prepared.encoding, sections },
      items,
      warnings,
      text: prepared.text,
    };
  } catch (err) {
    if (err instanceof ReportParseError) {
      return { ok: false, error: { code: err.code, message: err.message, messageZh: err.messageZh }, report: partial };
    }
    throw err;
  }
}

/** Like {@link parseReport}, but a refused input throws its {@link ReportParseError}. */
export function parseReportOrThrow(input: Uint8Array | string, options: ParseOptions = {}) {
  const result = parseReport(input, options);
  if (!result.ok)
    throw new ReportParseError(result.error.code as ReportParseErrorCode, result.error.message, result.error.messageZh);
  return result;
}

const STRUCTURE_KINDS: SectionKind[] = ['achievements', 'problems', 'duties', 'plan'];
const TOPIC = /(法治|依法行政|依法治|法制)/g;
const NOTICE_TITLE = /(通知|公告|通告|批复|函|通报|公示|决定|意见|办法|方案|规定|细则|简报|新闻|动态)$/;

/** Counts CJK ideographs and rule-of-law topic words in one pass per line (no big intermediate arrays). */
function topicStats(lines: Line[]): { cjk: number; topicHits: number } {
  let cjk = 0;
  let topicHits = 0;
  for (const line of lines) {
    const s = line.norm;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x4e00 && c <= 0x9fff) cjk++;
    }
    if (topicHits < 3) {
      TOPIC.lastIndex = 0;
      while (topicHits < 3 && TOPIC.exec(s)) topicHits++;
    }
  }
  return { cjk, topicHits };
}

/**
 * A report is about rule of law (法治/依法行政 throughout) and reads like an annual report:
 * a report-style title, or sections (achievements, problems, plan), or a year's account.
 */
function assertIsReport(lines: Line[], layout: SectionLayout, found: ExtractedMetadata): void {
  const { cjk, topicHits } = topicStats(lines);
  const kinds = new Set(layout.sections.map((s) => s.kind));
  const reportTitle = layout.titleLine !== null || /(报告|情况)$/.test(found.title ?? '');
  // The 2023 template's parts count alike: achievements, problems, the leaders' duties, the plan.
  const structure = STRUCTURE_KINDS.filter((k) => kinds.has(k)).length;
  const noticeTitle = NOTICE_TITLE.test((found.title ?? lines[0]?.norm ?? '').replace(/[》”]$/, ''));
  // A short report whose title says what it is (some publish a few lines) needs no long body.
  const titled = layout.titleLine !== null;
  const looksLikeReport =
    (cjk >= 150 || (titled && cjk >= 40)) &&
    topicHits >= (titled ? 1 : 3) &&
    (reportTitle || structure >= 2 || (structure >= 1 && found.reportYear !== null)) &&
    !(noticeTitle && structure < 2);
  if (!looksLikeReport) {
    throw new ReportParseError(
      ReportParseErrorCode.NOT_A_REPORT,
      'This does not look like an annual rule-of-law report (法治政府建设年度报告): no report title or report sections about rule of law were found',
      '该内容不是法治政府建设年度报告：未找到报告标题或相关章节（工作举措和成效、存在问题、下一年度安排）',
    );
  }
}
