import { splitSpans, type Span } from '@luoshi/text';
import type { Line } from '../input/document';
import type { PlanAction, PlanItem } from '../parser.types';
import { PLAN_OPENING } from '../sections/section-kinds';
import { distinctDates, findDeadlines } from '../facts/deadlines.extractor';
import { findOwners } from '../facts/owners.extractor';
import { findRecurrence } from '../facts/recurrence.extractor';
import { findTargets } from '../facts/targets.extractor';
import { scoreVerifiability } from '../facts/verifiability.scorer';
import { PROSE_MARKERS, inlineMarkerRun, leadingMarker, type MarkerType } from './markers.util';

/** A node of the plan tree before its facts are read: where it is, how it was numbered. */
interface Node {
  marker: MarkerType | 'lost' | 'plain';
  inline: boolean;
  start: number;
  /** End of the node's own text (before its first child). */
  ownEnd: number;
  end: number;
  children: Node[];
}

export interface ItemContext {
  text: string;
  norm: string;
  /** `norm` with 《…》 contents blanked, for deadlines and targets. */
  masked: string;
  planYear: number;
  defaultOwner: string | null;
}

const SENTENCE_END = /[。!?;]/;
const DEEP_MARKERS: ReadonlySet<Node['marker']> = new Set(['num-paren', 'circled']);
const OUTLINE_ITEM_MARKERS: ReadonlySet<Node['marker']> = new Set(['num-dot', 'num-paren', 'circled']);
const CONNECTIVE = /^(同时|此外|另外|并且|并|还要|总之|综上|最后|为此|因此)/;
const MAX_TITLE = 60;

/** The plan's lines → a tree of items with owners, deadlines, targets, recurrence and actions. */
export function extractItems(planLines: Line[], ctx: ItemContext): PlanItem[] {
  const roots = buildTree(planLines, ctx.norm);
  for (const root of roots) addInlineChildren(root, ctx.norm);
  return roots.map((node, i) => toItem(node, String(i + 1), ctx, null));
}

function buildTree(lines: Line[], norm: string): Node[] {
  const marked = lines.map((l) => ({ line: l, marker: leadingMarker(l.norm) }));
  const order: MarkerType[] = [];
  for (const u of marked) if (u.marker && !order.includes(u.marker.type)) order.push(u.marker.type);

  if (order.length === 0) return unmarkedPlan(lines, norm);

  const roots: Node[] = [];
  const stack: Node[] = [];
  for (const { line, marker } of marked) {
    if (marker) {
      let level = order.indexOf(marker.type);
      while (stack.length > level) stack.pop();
      // A prose run (一要…) that starts after a deep (1)/① block is not that block's child: it is a
      // sibling of the numbered items under the nearest heading ((一), 一、).
      if (PROSE_MARKERS.has(marker.type) && marker.ordinal === 1 && DEEP_MARKERS.has(stack.at(-1)?.marker ?? 'plain'))
        while (stack.length > 0 && OUTLINE_ITEM_MARKERS.has(stack[stack.length - 1].marker)) stack.pop();
      level = stack.length;
      const siblings = level === 0 ? roots : stack[level - 1].children;
      // 一是…。二是…。三是… in one paragraph: each clause is an item of that level.
      const run = PROSE_MARKERS.has(marker.type) ? inlineMarkerRun(norm, line.start, line.end) : [];
      if (run.length >= 2 && run[0].at === line.start && run[0].type === marker.type) {
        const nodes = run.map((m, k) => inlineNode(norm, m.after, k + 1 < run.length ? run[k + 1].at : line.end));
        siblings.push(...nodes);
        stack.push(nodes[nodes.length - 1]);
        continue;
      }
      const node = paragraphNode(line, marker.after, marker.type);
      siblings.push(node);
      stack.push(node);
      continue;
    }
    if (stack.length === 0) continue; // the plan's opening paragraph
    const deepest = stack[stack.length - 1];
    // A heading-only item ((二)加强队伍建设) takes the paragraph under it as its text, whatever its shape.
    const awaitsText = deepest.children.length === 0 && !deepest.inline && !hasSentence(norm, deepest);
    if (!awaitsText && isTitleLike(line.norm)) {
      // A paragraph whose number was lost in scraping: a sibling of the top-level items.
      const node = paragraphNode(line, 0, 'lost');
      roots.push(node);
      stack.length = 0;
      stack.push(node);
      continue;
    }
    if (deepest.children.length === 0) deepest.ownEnd = line.end;
  }
  for (const root of roots) closeEnds(root, lines);
  return roots;
}

function paragraphNode(line: Line, markerLength: number, marker: Node['marker']): Node {
  let start = line.start + markerLength;
  while (start < line.end && /\s/.test(line.norm[start - line.start])) start++;
  return { marker, inline: false, start, ownEnd: line.end, end: line.end, children: [] };
}

/** A node's text runs on over its continuation paragraphs up to the next node of any level. */
function closeEnds(node: Node, lines: Line[]): number {
  let end = node.ownEnd;
  for (const child of node.children) end = Math.max(end, closeEnds(child, lines));
  node.end = end;
  return end;
}

/** Whether a node's own text already holds a sentence (its heading line ends in 。 or carries text after it). */
function hasSentence(norm: string, node: Node): boolean {
  return SENTENCE_END.test(norm.slice(node.start, node.ownEnd));
}

/** A paragraph that reads like an item heading: a short first sentence ending in 。. */
function isTitleLike(norm: string): boolean {
  const stop = norm.search(SENTENCE_END);
  if (stop < 4 || stop > 30) return false;
  const first = norm.slice(0, stop);
  return !CONNECTIVE.test(first) && !/\d{4}年/.test(first) && !PLAN_OPENING.test(norm);
}

/** A plan with no paragraph numbering: inline 一是…二是… clauses, or one item per paragraph. */
function unmarkedPlan(lines: Line[], norm: string): Node[] {
  for (let i = 0; i < lines.length; i++) {
    const run = inlineMarkerRun(norm, lines[i].start, lines[i].end);
    if (run.length < 2) continue;
    const nodes = run.map((m, k) => inlineNode(norm, m.after, k + 1 < run.length ? run[k + 1].at : lines[i].end));
    const last = nodes[nodes.length - 1];
    for (const later of lines.slice(i + 1)) last.ownEnd = last.end = later.end;
    return nodes;
  }
  const content = lines.filter((l, i) => !(i === 0 && lines.length > 1 && PLAN_OPENING.test(l.norm)));
  return content.map((l) => {
    const opening = /^(下一步|下步|下一阶段|明年|今后)[^,。]{0,20}?将(继续)?/.exec(l.norm);
    return paragraphNode(l, opening ? opening[0].length : 0, 'plain');
  });
}

function inlineNode(norm: string, start: number, end: number, marker: MarkerType = 'cn-shi'): Node {
  let e = end;
  while (e > start && /\s/.test(norm[e - 1])) e--;
  return { marker, inline: true, start, ownEnd: e, end: e, children: [] };
}

/** 一是…二是… inside an item's own text become its children (recursively, once). */
function addInlineChildren(node: Node, norm: string, depth = 0): void {
  for (const child of node.children) addInlineChildren(child, norm, depth);
  if (node.children.length > 0 || depth > 1) return;
  const run = inlineMarkerRun(norm, node.start, node.ownEnd);
  if (run.length < 2 || run[0].at <= node.start) return;
  node.children = run.map((m, k) => inlineNode(norm, m.after, k + 1 < run.length ? run[k + 1].at : node.ownEnd));
  node.ownEnd = run[0].at;
  for (const child of node.children) addInlineChildren(child, norm, depth + 1);
}

function trimSpan(norm: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && /[\s,;:、]/.test(norm[s])) s++;
  while (e > s && /[\s,;:、。]/.test(norm[e - 1])) e--;
  return { start: s, end: e };
}

/** Title: up to the first full stop for paragraph items, the first clause for inline ones; owner notes removed. */
function titleSpan(node: Node, norm: string, ownerSpans: Array<[number, number]>): Span {
  // 一是…/其一…/首先… paragraphs are prose clauses like their inline twins: the first clause is the title.
  const clauses = node.inline || (node.marker !== 'lost' && node.marker !== 'plain' && PROSE_MARKERS.has(node.marker));
  const own = splitSpans(norm, node.start, node.ownEnd, clauses)[0] ?? { start: node.start, end: node.ownEnd };
  let span = trimSpan(norm, own.start, own.end);
  if (span.end - span.start > MAX_TITLE) {
    const clause = splitSpans(norm, span.start, span.end, true)[0];
    if (clause && clause.end - clause.start >= 4) span = clause;
  }
  for (const [a] of ownerSpans) if (a >= span.start && a < span.end) span = trimSpan(norm, span.start, a);
  return span;
}

function toItem(
  node: Node,
  path: string,
  ctx: ItemContext,
  parentOwner: { owner: string | null; coOwners: string[] } | null,
): PlanItem {
  const { text, norm, masked, planYear } = ctx;
  const body = trimSpan(norm, node.start, node.end);
  const ownRange = trimSpan(norm, node.start, node.ownEnd);
  const owners = findOwners(text, norm, ownRange.start, ownRange.end);
  const owner = owners.owner ?? parentOwner?.owner ?? ctx.defaultOwner;
  const coOwners = owners.owner ? owners.coOwners : (parentOwner?.coOwners ?? []);
  const title = titleSpan(node, norm, owners.spans);
  const deadlines = distinctDates(findDeadlines(masked, body.start, body.end, planYear));
  const children = node.children.map((c, i) => toItem(c, `${path}.${i + 1}`, ctx, { owner, coOwners }));
  // An item's targets are its own text's plus its children's (read once, where they are stated).
  const targets = [...findTargets(text, masked, ownRange.start, ownRange.end), ...children.flatMap((c) => c.targets)];
  const bodyEnd = Math.max(body.end, title.end);
  return {
    path,
    title: text.slice(title.start, title.end),
    body: text.slice(body.start, bodyEnd),
    start: body.start,
    end: bodyEnd,
    owner,
    coOwners,
    deadlines,
    dueDate: deadlines.length > 0 ? deadlines[deadlines.length - 1] : `${planYear}-12-31`,
    recurrence: findRecurrence(norm.slice(body.start, body.end)),
    verifiability: scoreVerifiability(norm.slice(body.start, body.end), deadlines, targets),
    targets,
    actions: actionsOf(node, title, owners.spans, ctx),
    children,
  };
}

/**
 * The promising clauses of an item's own text. A paragraph item's title sentence is a heading,
 * not an action, unless it is all the item says.
 */
function actionsOf(node: Node, title: Span, ownerSpans: Array<[number, number]>, ctx: ItemContext): PlanAction[] {
  const { text, norm, masked, planYear } = ctx;
  const titleIsSentence = !node.inline && /^[\s]*[。!?;]/.test(norm.slice(title.end, title.end + 2));
  const from = titleIsSentence ? title.end + 1 : node.start;
  const spans = mergeShort(
    splitSpans(norm, from, node.ownEnd, true)
      .map((s) => trimSpan(norm, s.start, s.end))
      .filter((s) => s.end > s.start && !ownerSpans.some(([a, b]) => s.start >= a && s.end <= b)),
    norm,
  );
  if (spans.length === 0 && titleIsSentence) spans.push(title);
  return spans.map((s) => {
    const deadlines = distinctDates(findDeadlines(masked, s.start, s.end, planYear));
    const targets = findTargets(text, masked, s.start, s.end);
    return {
      text: text.slice(s.start, s.end),
      start: s.start,
      end: s.end,
      deadlines,
      targets,
      verifiability: scoreVerifiability(norm.slice(s.start, s.end), deadlines, targets),
    };
  });
}

/** Clauses shorter than 6 characters (夯实基础) join the clause before them. */
function mergeShort(spans: Span[], norm: string): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out[out.length - 1];
    const sameSentence = prev && !/[。!?;]/.test(norm.slice(prev.end, s.start));
    if (prev && sameSentence && (s.end - s.start < 6 || prev.end - prev.start < 6)) prev.end = s.end;
    else out.push({ ...s });
  }
  return out;
}
