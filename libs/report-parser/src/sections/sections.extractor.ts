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
  /** Index into `lines` of the title line, if the report prints one. */
  titleLine: number | null;
  /** Lines from here on are closing formulas and signatures, not report content. */
  bodyEndLine: number;
  /** The headings that were looked for when no plan section was found. */
  planSearched: boolean;
}

const TOP_NUMBER = /^([一二三四五六七八九十]{1,3})(?:、|\.(?!\d))/;
const TITLE = /(20\d\d|二〇[〇一二三四五六七八九]{2})年(度)?.{0,40}(报告|情况)$/;
const CLOSING = /^(专此报告|特此报告|以上报告|特此汇报|专此汇报)[。.!]?$/;
const SIGNATURE =
  /^(\S{2,30}(局|厅|政府|委员会|办公室|小组))$|^(20\d\d|二〇[〇一二三四五六七八九]{2})年\d{1,2}月\d{1,2}日$/;

/** The text of a heading line up to its first full stop (inline headings run on into the body). */
export function headingText(line: Line): { norm: string; text: string } {
  const stop = line.norm.indexOf('。');
  const end = stop === -1 ? line.norm.length : stop;
  return { norm: line.norm.slice(0, end), text: line.text.slice(0, end) };
}

export function findTitleLine(lines: Line[]): number | null {
  for (const line of lines) {
    if (TOP_NUMBER.test(line.norm)) break;
    if (
      line.norm.length <= 90 &&
      !line.norm.includes('。') &&
      TITLE.test(line.norm) &&
      /(法治|依法行政|法制)/.test(line.norm)
    )
      return line.index;
  }
  return null;
}

/**
 * Finds the report's sections in its body lines: numbered top-level headings (一、…), plan
 * headings printed without a number (2024年工作安排), and a plan that opens mid-section with
 * 下一步… after the problems.
 */
export function extractSections(lines: Line[]): SectionLayout {
  const titleLine = findTitleLine(lines);
  const bodyEndLine = findBodyEnd(lines);
  const headings: Array<{ line: Line; kind: SectionKind | 'problems+plan' | null }> = [];
  // Top-level headings count 一、二、三…; a list that restarts at 一、 inside a section is that
  // section's items (a plan numbered 一、二、 under 三、2025年工作计划), and so is its continuation.
  let lastTop = 0;
  let innerLast = 0;
  for (let i = 0; i < bodyEndLine; i++) {
    const line = lines[i];
    if (line.index === titleLine) continue;
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

  if (!sections.some((s) => s.kind === 'plan')) addFallbackPlan(lines, sections, bodyEndLine);
  return { sections, titleLine, bodyEndLine, planSearched: true };
}

function findPlanOpening(lines: Line[], from: number, to: number): number | null {
  for (let i = from; i < to; i++) if (PLAN_OPENING.test(lines[i].norm)) return i;
  return null;
}

/** No plan heading: a sub-heading that names the plan, or a last run of paragraphs opening with 下一步/明年. */
function addFallbackPlan(lines: Line[], sections: SectionSpan[], bodyEndLine: number): void {
  let start: number | null = null;
  for (let i = 0; i < bodyEndLine; i++) {
    if (STRONG_PLAN_HEADING.test(headingText(lines[i]).norm)) {
      start = i;
      break;
    }
  }
  const problemsEnd = sections.filter((s) => s.kind === 'problems').map((s) => s.contentLine)[0] ?? 0;
  if (start === null) {
    for (let i = bodyEndLine - 1; i >= problemsEnd; i--) {
      if (/^(下一步|下步|下一阶段|明年|今后)/.test(lines[i].norm)) {
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
  for (let i = 0; i < lines.length; i++) if (CLOSING.test(lines[i].norm)) return i;
  let end = lines.length;
  while (end > 0 && lines[end - 1].norm.length <= 30 && SIGNATURE.test(lines[end - 1].norm)) end--;
  return end;
}
