import { foldText, splitParagraphs, splitSpans } from '@luoshi/text';
import { termSet } from './tokens.util';

/** What the linker needs of the follow-up report (a parsed report fits). */
export interface FollowupInput {
  text: string;
  report: { sections: Array<{ kind: string; heading: string; start: number; end: number }> };
  items: Array<{ body: string; start: number; end: number; children: FollowupInput['items'] }>;
}

export interface Passage {
  id: number;
  paragraph: number;
  heading: string;
  start: number;
  end: number;
  text: string;
  norm: string;
  /** Distinct tokens. */
  terms: Set<string>;
}

export interface Paragraph {
  id: number;
  heading: string;
}

export interface FollowupPassages {
  /** Sentences of the achievement sections: the candidate evidence. */
  evidence: Passage[];
  paragraphs: Paragraph[];
  /** Sentences of the problems sections (acknowledged shortfalls). */
  problems: Passage[];
  /** The follow-up's own plan (carried-over commitments). */
  plan: Passage[];
}

/** The heading shown for evidence found in a report's opening paragraphs. */
export const OPENING_HEADING = '（开篇综述）';
const PARAGRAPH_MARKER = /^[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]/;

function sentencesOf(
  text: string,
  norm: string,
  start: number,
  end: number,
  heading: string,
  paragraph: number,
  into: Passage[],
): void {
  for (const s of splitSpans(norm, start, end)) {
    into.push({
      id: into.length,
      paragraph,
      heading,
      start: s.start,
      end: s.end,
      text: text.slice(s.start, s.end),
      norm: norm.slice(s.start, s.end),
      terms: termSet(norm.slice(s.start, s.end)),
    });
  }
}

/**
 * Splits the follow-up into sentences by role: achievements (evidence), problems (shortfalls) and
 * plan (carry-overs). An evidence sentence carries its paragraph's heading, e.g. （一）统筹推进法治政府建设.
 */
export function buildPassages(followup: FollowupInput): FollowupPassages {
  const { text } = followup;
  const norm = foldText(text);
  const out: FollowupPassages = { evidence: [], paragraphs: [], problems: [], plan: [] };
  const sections = followup.report.sections;
  const headingStarts = new Set(sections.map((s) => s.start));
  // The opening paragraphs before the first section report the year's work too (认真落实…《…实施意见》…):
  // they are evidence, under their own heading.
  const opening =
    sections.length > 0 && sections[0].start > 0
      ? [{ kind: 'achievements', heading: OPENING_HEADING, start: 0, end: sections[0].start }]
      : [];
  const ranges =
    sections.length > 0
      ? [...opening, ...sections]
      : [{ kind: 'achievements', heading: '', start: 0, end: text.length }];
  for (const section of ranges) {
    for (const p of splitParagraphs(norm.slice(section.start, section.end))) {
      const start = section.start + p.start;
      const end = section.start + p.end;
      if (headingStarts.has(start) && end - start <= 40 && !norm.slice(start, end).includes('。', 0)) continue;
      // In the opening, a title, page label or addressee line is no report of work: only sentences are.
      if (section.heading === OPENING_HEADING && !/[。，,；;]/.test(norm.slice(start, end))) continue;
      if (section.kind === 'problems') {
        sentencesOf(text, norm, start, end, section.heading, -1, out.problems);
      } else if (section.kind === 'plan') {
        sentencesOf(text, norm, start, end, section.heading, -1, out.plan);
      } else {
        const first = splitSpans(norm, start, end)[0];
        const marked = first && PARAGRAPH_MARKER.test(norm.slice(start, end)) && first.end - first.start <= 40;
        const heading = marked ? text.slice(first.start, first.end) : section.heading;
        const paragraph = out.paragraphs.length;
        out.paragraphs.push({ id: paragraph, heading });
        sentencesOf(text, norm, marked ? first.end + 1 : start, end, heading, paragraph, out.evidence);
      }
    }
  }
  return out;
}
