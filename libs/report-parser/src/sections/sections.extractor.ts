import { parseChineseNumber } from '@luoshi/text';
import type { Line } from '../input/document';
import type { Section, SectionKind } from '../parser.types';
import { PLAN_OPENING, STRONG_PLAN_HEADING, classifyHeading } from './section-kinds';

/** A section with the lines it spans (heading line included). */
export interface SectionSpan extends Section {
  /** Index into `lines` of the heading line (for a plan opened by 下一步…, its first paragraph). */
  firstLine: number;
  /** Index into `lines` of the first line of the section's content. */
  contentLine: number;
  /** Index into `lines` just past the section. */
  endLine: number;
}

export interface SectionLayout {
  sections: SectionSpan[];
  /** Index into `lines` of the title line, if the report prints one (the first, for a title set over several lines). */
  titleLine: number | null;
  /** Every line of the title: one, or a block of short lines (中共X市委 / X市人民政府 / 关于…工作 / 情况的报告). */
  titleLines: number[];
  /** Lines from here on are closing formulas and signatures, not report content. */
  bodyEndLine: number;
  /** The headings that were looked for when no plan section was found. */
  planSearched: boolean;
}

const TOP_NUMBER = /^([一二三四五六七八九十]{1,3})(?:、|\.(?!\d))/;
const YEAR = '(20\\d\\d|二〇[〇一二三四五六七八九]{2})年(度)?';
const TITLE = new RegExp(`${YEAR}.{0,40}(报告|情况|工作总结)$`);
/** A title without a year (关于法治政府建设的情况报告): the year comes from the body. */
const UNDATED_TITLE = /^(.{0,30})关于.{0,30}(法治|依法行政).{0,20}报告$/;
/** The combined kind (a bureau's whole year, rule of law among it): 2023年工作总结和2024年工作思路 (要点/计划/打算). */
const COMBINED_TITLE = new RegExp(
  `${YEAR}.{0,30}总结.{0,4}(和|及|与|暨|、).{0,8}?${YEAR}.{0,20}(思路|要点|计划|打算|安排)$`,
);
/** A title line ends without sentence punctuation and is not an addressee (市委、市政府：). */
const TITLE_PART = /^[^。,，;；:：!?？！]{2,40}$/;
const MAX_TITLE_BLOCK = 5;
const DATE_LINE = /^(20\d\d|二〇[〇一二三四五六七八九]{2})年\d{1,2}月\d{1,2}日$/;
/** A last paragraph that opens the plan: 下一步…, 明年…, 2024年，我馆将… */
const FALLBACK_PLAN_OPENING =
  /^(下一步|下步|下一阶段|明年|今后|(20\d\d|二〇[〇一二三四五六七八九]{2})年(度)?[,，]?[^。]{0,12}将)/;
/** A line that is only an issuing body's name (中共X市委, X市人民政府, X县司法局). */
const ISSUER_LINE = /^[^。,，;；:：!?？！\s]{2,30}(委员会|委|人民政府|政府|办事处|局|厅)$/;
const CLOSING = /^(专此报告|特此报告|以上报告|特此汇报|专此汇报)[。.!]?$/;
const SIGNATURE =
  /^(\S{2,30}(局|厅|政府|委员会|办公室|小组))$|^(20\d\d|二〇[〇一二三四五六七八九]{2})年\d{1,2}月\d{1,2}日$/;

/** The text of a heading line up to its first full stop (inline headings run on into the body). */
export function headingText(line: Line): { norm: string; text: string } {
  const stop = line.norm.indexOf('。');
  const end = stop === -1 ? line.norm.length : stop;
  return { norm: line.norm.slice(0, end), text: line.text.slice(0, end) };
}

function isTitle(norm: string): boolean {
  if (norm.length > 90 || norm.includes('。')) return false;
  return (
    (TITLE.test(norm) && /(法治|依法行政|法制)/.test(norm)) || COMBINED_TITLE.test(norm) || UNDATED_TITLE.test(norm)
  );
}

/**
 * The report's title: one line, or a block of up to five short lines read as one (issuing bodies
 * on their own lines, a title broken in the middle). Only lines before the first numbered heading count.
 */
export function findTitleLines(lines: Line[]): number[] {
  let limit = lines.findIndex((l) => TOP_NUMBER.test(l.norm));
  if (limit === -1) limit = lines.length;
  for (let i = 0; i < limit; i++) {
    if (!isTitle(lines[i].norm)) continue;
    // The issuer printed on the line(s) above (栖霞镇人民政府 / 2023年法治政府建设情况) is part of the title.
    // Only a title that does not name its own issuer takes one from above (城区司法局 over 晋城市城区… is page chrome).
    let first = i;
    while (
      /^(关于|20\d\d|二〇)/.test(lines[i].norm) &&
      first > 0 &&
      i - first < MAX_TITLE_BLOCK - 1 &&
      ISSUER_LINE.test(lines[first - 1].norm.trim())
    )
      first--;
    return lines.slice(first, i + 1).map((l) => l.index);
  }
  for (let i = 0; i < Math.min(limit, 8); i++) {
    let joined = '';
    for (let j = i; j < Math.min(limit, i + MAX_TITLE_BLOCK); j++) {
      if (!TITLE_PART.test(lines[j].norm) || DATE_LINE.test(lines[j].norm.trim())) break;
      joined += lines[j].norm.trim();
      if (j > i && isTitle(joined)) return lines.slice(i, j + 1).map((l) => l.index);
    }
  }
  return [];
}

/**
 * Finds the report's sections in its body lines: numbered top-level headings (一、…), plan
 * headings printed without a number (2024年工作安排), and a plan that opens mid-section with
 * 下一步… after the problems.
 */
export function extractSections(lines: Line[]): SectionLayout {
  const titleLines = findTitleLines(lines);
  const titleLine = titleLines[0] ?? null;
  const bodyEndLine = findBodyEnd(lines);
  const headings: Array<{ line: Line; kind: SectionKind | 'problems+plan' | null }> = [];
  // Top-level headings count 一、二、三…; a list that restarts at 一、 inside a section is that
  // section's items (a plan numbered 一、二、 under 三、2025年工作计划), and so is its continuation.
  let lastTop = 0;
  let innerLast = 0;
  for (let i = 0; i < bodyEndLine; i++) {
    const line = lines[i];
    // The title and anything printed above it (a site's column label: 计划规划) are not sections.
    if (titleLine !== null && line.index <= titleLines[titleLines.length - 1]) continue;
    const h = headingText(line).norm;
    const top = TOP_NUMBER.exec(line.norm);
    if (top && h.length <= 60) {
      const ordinal = parseChineseNumber(top[1]) ?? 0;
      if (ordinal === lastTop + 1 && !(innerLast > 0 && ordinal === innerLast + 1)) {
        lastTop = ordinal;
        innerLast = 0;
        headings.push({ line, kind: classifyHeading(h) });
      } else if (ordinal === 1 || ordinal === innerLast + 1) {
        innerLast = ordinal;
      }
    } else if (line.norm.length <= 32 && !/[。,，;；:：]$/.test(line.norm) && !line.norm.includes('。')) {
      const kind = classifyHeading(line.norm);
      if (kind && kind !== 'achievements' && !/^[(（]/.test(line.norm)) headings.push({ line, kind });
    }
  }

  const sections: SectionSpan[] = [];
  let seenProblemsOrPlan = false;
  headings.forEach((h, n) => {
    const first = lines.indexOf(h.line);
    const endLine = n + 1 < headings.length ? lines.indexOf(headings[n + 1].line) : bodyEndLine;
    const heading = headingText(h.line).text;
    const span = (kind: SectionKind, from: number, contentFrom: number, to: number): SectionSpan => ({
      kind,
      heading,
      start: lines[from].start,
      end: lines[Math.max(from, to - 1)].end,
      firstLine: from,
      contentLine: contentFrom,
      endLine: to,
    });
    if (h.kind === 'problems+plan') {
      seenProblemsOrPlan = true;
      const opening = findPlanOpening(lines, first + 1, endLine);
      if (opening === null) {
        sections.push(span('plan', first, first + 1, endLine));
      } else {
        sections.push(span('problems', first, first + 1, opening));
        sections.push(span('plan', opening, opening, endLine));
      }
      return;
    }
    let kind: SectionKind = h.kind ?? (seenProblemsOrPlan ? 'other' : 'achievements');
    if (kind === 'problems' || kind === 'plan') seenProblemsOrPlan = true;
    if (kind === 'achievements' && seenProblemsOrPlan && h.kind === null) kind = 'other';
    sections.push(span(kind, first, first + 1, endLine));
  });

  if (!sections.some((s) => s.kind === 'plan')) addFallbackPlan(lines, sections, bodyEndLine, titleLines);
  return { sections, titleLine, titleLines, bodyEndLine, planSearched: true };
}

function findPlanOpening(lines: Line[], from: number, to: number): number | null {
  for (let i = from; i < to; i++) if (PLAN_OPENING.test(lines[i].norm)) return i;
  return null;
}

/** No plan heading: a sub-heading that names the plan, or a last run of paragraphs opening with 下一步/明年. */
function addFallbackPlan(lines: Line[], sections: SectionSpan[], bodyEndLine: number, titleLines: number[]): void {
  let start: number | null = null;
  for (let i = 0; i < bodyEndLine; i++) {
    if (titleLines.includes(lines[i].index)) continue;
    if (STRONG_PLAN_HEADING.test(headingText(lines[i]).norm)) {
      start = i;
      break;
    }
  }
  const problemsEnd = sections.filter((s) => s.kind === 'problems').map((s) => s.contentLine)[0] ?? 0;
  if (start === null) {
    for (let i = bodyEndLine - 1; i >= problemsEnd; i--) {
      if (FALLBACK_PLAN_OPENING.test(lines[i].norm)) {
        start = i;
        break;
      }
    }
  }
  if (start === null) return;
  const heading = headingText(lines[start]);
  const isHeadingLine = heading.norm.length === lines[start].norm.length && STRONG_PLAN_HEADING.test(heading.norm);
  const plan: SectionSpan = {
    kind: 'plan',
    heading: heading.text,
    start: lines[start].start,
    end: lines[bodyEndLine - 1].end,
    firstLine: start,
    contentLine: isHeadingLine ? start + 1 : start,
    endLine: bodyEndLine,
  };
  // The plan ends whichever section contained it.
  for (const s of sections) {
    if (s.firstLine < start && s.endLine > start) {
      s.endLine = start;
      s.end = lines[start - 1].end;
    }
  }
  sections.push(plan);
  sections.sort((a, b) => a.start - b.start);
}

function findBodyEnd(lines: Line[]): number {
  // A closing before the first numbered heading ends a cover letter (…随文上报。特此报告。), not the report.
  const firstHeading = lines.findIndex((l) => TOP_NUMBER.test(l.norm));
  for (let i = 0; i < lines.length; i++) if (CLOSING.test(lines[i].norm) && i > firstHeading) return i;
  let end = lines.length;
  while (end > 0 && lines[end - 1].norm.length <= 30 && SIGNATURE.test(lines[end - 1].norm)) end--;
  return end;
}
