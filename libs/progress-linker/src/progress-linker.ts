import { foldText } from '@luoshi/text';
import type {
  ActionLink,
  CommitmentLink,
  EvidencePassage,
  LinkOptions,
  LinkResult,
  TargetOutcome,
  Verdict,
} from './link.types';
import { buildPassages, type FollowupInput, type Passage } from './passages';
import { frameAction, namesOtherThingInFrame } from './frame-conflict.util';
import { canonical } from './synonyms.util';
import { targetOutcome, type TargetInput } from './targets.util';
import { TermIndex, type Hit } from './term-index';
import { distinctiveTerms, tokenize } from './tokens.util';

/** What the linker needs of a prior plan item (a parsed plan item fits). */
export interface PriorItem {
  path: string;
  title: string;
  body: string;
  /** The promising clauses, each with the targets it states (a parsed plan action fits). */
  actions: Array<{ text: string; targets?: TargetInput[] }>;
  targets: TargetInput[];
  children: PriorItem[];
}

const DEFAULTS: Required<LinkOptions> = { evidencedAt: 0.35, partialAt: 0.22, maxEvidence: 3 };
/** A passage whose best commitment is another one counts for less (one-to-many alignment). */
const OTHER_OWNER_PENALTY = 0.75;
const TERM_BONUS = 0.15;
/** What a passage that names another thing in the action's frame keeps of its score. */
const FRAME_CONFLICT = 0.3;
/** How many candidates beyond those kept are checked for look-alikes. */
const FRAME_CHECKED = 5;
const SHORTFALL_AT = 0.4;
const RARE_RUN_IDF = 0.6;
const WHOLE_SHARE = 0.4;
const WHOLE_ACTIONS = 3;

interface Scored {
  passage: Passage;
  score: number;
}

function verdictOf(score: number, o: Required<LinkOptions>): Verdict {
  return score >= o.evidencedAt ? 'evidenced' : score >= o.partialAt ? 'partial' : 'not_found';
}

/** Shared words of a query and a passage, merged into the longest runs found in the passage. */
function sharedTerms(query: Set<string>, passage: Passage): string[] {
  // Compared as tokens are (synonyms made one word); the same length, so the runs are the passage's own text.
  const norm = canonical(passage.norm);
  const marks = new Uint8Array(norm.length);
  for (let i = 0; i + 1 < norm.length; i++) if (query.has(norm.slice(i, i + 2))) marks[i] = marks[i + 1] = 1;
  const terms: string[] = [];
  for (let i = 0; i < norm.length;) {
    if (!marks[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < norm.length && marks[j]) j++;
    if (j - i >= 2) terms.push(passage.text.slice(i, j));
    i = j;
  }
  return [...new Set(terms)];
}

const OP_WORDS: Readonly<Record<string, string>> = {
  '>=': '不少于',
  '<=': '不超过',
  '>': '超过',
  '<': '低于',
  '=': '为',
};

/**
 * Why an action got its verdict, in the words a supervisor reads: the shared words and how much of
 * the pledge they cover, where the evidence stands, or what the report says instead.
 */
export function actionReason(link: Omit<ActionLink, 'reason'>, figures: TargetOutcome[] = []): string {
  const pct = `${Math.round(link.score * 100)}%`;
  if (link.verdict !== 'not_found') {
    const top = link.evidence[0];
    const all = [...new Set(link.evidence.flatMap((e) => e.terms))];
    // The longest shared runs only (镇综合行政执法队, not also 执法队).
    const words = all
      .filter((t) => !all.some((u) => u !== t && u.includes(t)))
      .slice(0, 4)
      .join('、');
    const where = top?.heading ? `，见“${top.heading}”` : '';
    const compared = figures
      .filter((f) => f.actual !== null)
      .map(
        (f) =>
          `；目标${f.metric}${OP_WORDS[f.op] ?? f.op}${f.value}${f.unit ?? ''}，报告${f.actual}${f.unit ?? ''}（${f.met === true ? '达到' : '未达到'}）`,
      )
      .join('');
    const missed = figures.some((f) => f.met === false);
    const grade =
      link.verdict === 'evidenced'
        ? '已落实'
        : missed
          ? '部分落实（数字未达到承诺）'
          : '部分落实（表述相近但覆盖不足）';
    return `${grade}：与次年报告共有“${words}”，覆盖承诺内容的${pct}${where}${compared}`;
  }
  if (link.acknowledgedShortfall) return '未找到落实表述：次年报告在存在问题中承认未完成';
  if (link.carriedOver) return '未找到落实表述：次年报告的下一年度安排中再次提出';
  return `未找到落实表述：次年报告中最相近的表述只覆盖${pct}`;
}

function flatten(item: PriorItem): { actions: string[]; actionTargets: TargetInput[][]; targets: TargetInput[] } {
  // A parent whose own text is only its title (its pledges are in its children) has no action of its own.
  const titleOnly = item.children.length > 0 && item.actions.every((a) => a.text === item.title);
  const own = titleOnly ? [] : item.actions;
  const actions = own.map((a) => a.text);
  const actionTargets = own.map((a) => a.targets ?? []);
  const targets = [...item.targets];
  for (const child of item.children) {
    const sub = flatten(child);
    actions.push(...sub.actions);
    actionTargets.push(...sub.actionTargets);
  }
  return actions.length > 0
    ? { actions, actionTargets, targets }
    : { actions: [item.title], actionTargets: [[]], targets };
}

/**
 * Holds a follow-up report against the prior year's plan: for every commitment (a top-level plan
 * item) and each of its actions, the passages of the follow-up's achievements that report doing
 * it, a verdict, whether the follow-up admits it as a shortfall or plans it again, and the actual
 * figures for its targets. Pure and deterministic; cost is linear in the passages.
 */
export function linkProgress(priorItems: PriorItem[], followup: FollowupInput, options: LinkOptions = {}): LinkResult {
  const o = { ...DEFAULTS, ...options };
  const passages = buildPassages(followup);
  const index = new TermIndex(passages.evidence);
  const problems = new TermIndex(passages.problems);
  const plan = new TermIndex(passages.plan);
  const commitments = priorItems.map((item) => ({ item, ...flatten(item) }));

  // Which evidence passages print a name, found through the index and verified once per name.
  const naming = new Map<string, Int32Array>();
  const passagesNaming = (term: string): Int32Array => {
    let found = naming.get(term);
    if (!found) {
      found = index.containingAll(tokenize(term)).filter((pid) => passages.evidence[pid].norm.includes(term));
      naming.set(term, found);
    }
    return found;
  };
  const bonus = new Float64Array(passages.evidence.length);
  // Each passage's canonical text (synonyms as one word), made when first held against an action.
  const matches: string[] = [];
  const matchOf = (pid: number): string => (matches[pid] ??= canonical(passages.evidence[pid].norm));
  // Each text is tokenized once, however many times it is searched or highlighted.
  const queries = new Map<string, Set<string>>();
  const queryOf = (text: string): Set<string> => {
    let q = queries.get(text);
    if (!q) queries.set(text, (q = new Set(tokenize(foldText(text)))));
    return q;
  };

  /**
   * Passages that reach `partial` for one action: word coverage plus a bonus for its distinctive
   * names, capped at 1 (the search's own hits, their `coverage` made that score in place).
   */
  const candidates = (text: string): Hit[] => {
    const touched: number[] = [];
    for (const term of distinctiveTerms(text)) {
      for (const pid of passagesNaming(term)) {
        if (bonus[pid] === 0) touched.push(pid);
        bonus[pid] = Math.min(2 * TERM_BONUS, bonus[pid] + TERM_BONUS);
      }
    }
    const hits = index.search(queryOf(text), o.partialAt, bonus, touched);
    for (const hit of hits) hit.coverage = Math.min(1, hit.coverage + bonus[hit.id]);
    for (const pid of touched) bonus[pid] = 0;
    return hits;
  };

  // Pass 1: every action's candidates, and each passage's best commitment (one-to-many alignment:
  // a passage counts fully only for the commitment it matches best), in arrays by passage id
  // rather than a map of objects.
  const raw = commitments.map((c) => c.actions.map((text) => candidates(text)));
  const ownerOf = new Int32Array(passages.evidence.length).fill(-1);
  const ownerScore = new Float64Array(passages.evidence.length);
  raw.forEach((actions, ci) => {
    for (const hits of actions) {
      for (const { id, coverage } of hits) {
        if (ownerOf[id] === -1 || coverage > ownerScore[id]) {
          ownerOf[id] = ci;
          ownerScore[id] = coverage;
        }
      }
    }
  });

  /**
   * Pass 2: an action's `k` best candidates with the alignment applied, best first, ties to the
   * earlier passage: what sorting them all would put first, without a scored copy of each and a
   * sort (an action has many candidates, and only the first few are ever read).
   */
  const topPassages = (ci: number, ai: number, k: number): Scored[] => {
    const best: Scored[] = [];
    for (const { id, coverage } of raw[ci][ai]) {
      const score = coverage * (ownerOf[id] === ci ? 1 : OTHER_OWNER_PENALTY);
      let at = best.length;
      while (at > 0 && (best[at - 1].score < score || (best[at - 1].score === score && best[at - 1].passage.id > id)))
        at--;
      if (at >= k) continue;
      best.splice(at, 0, { passage: passages.evidence[id], score });
      if (best.length > k) best.pop();
    }
    return best;
  };

  /**
   * The `k` best after look-alikes are marked down: a passage that names another thing in the
   * action's frame (《X区…若干措施》 of another measure) keeps FRAME_CONFLICT of its score. Checked
   * on a few more than `k` of the best only: the check reads the passage, the ranking does not.
   */
  const bestPassages = (ci: number, ai: number, k: number): Scored[] => {
    const top = topPassages(ci, ai, k + FRAME_CHECKED);
    const framed = frameAction(foldText(commitments[ci].actions[ai]));
    if (!framed.framed) return top.slice(0, k);
    for (const s of top) if (namesOtherThingInFrame(framed, matchOf(s.passage.id))) s.score *= FRAME_CONFLICT;
    return top.sort((a, b) => b.score - a.score || a.passage.id - b.passage.id).slice(0, k);
  };

  const toEvidence = (text: string, scored: Scored[]): EvidencePassage[] => {
    const query = queryOf(text);
    return scored.slice(0, o.maxEvidence).map(({ passage, score }) => ({
      heading: passage.heading,
      text: passage.text,
      start: passage.start,
      end: passage.end,
      score: Math.round(score * 1000) / 1000,
      terms: sharedTerms(query, passage),
    }));
  };

  const maxIdf = index.idf('\u0000');
  /** A run of 4+ shared characters the achievements hardly use (商事调解), not a stock phrase (法治政府建设). */
  const sharesRareRun = (query: Set<string>, passage: Passage): boolean =>
    sharedTerms(query, passage).some((run) => {
      const grams = tokenize(foldText(run));
      if (run.length < 4 || grams.length === 0) return false;
      return grams.reduce((sum, g) => sum + index.idf(g), 0) / grams.length >= RARE_RUN_IDF * maxIdf;
    });

  /** Named in the follow-up's problems, or in its own plan: a distinctive name, a rare phrase, or most of the words. */
  const mentionedIn = (idx: TermIndex, list: Passage[], text: string): boolean => {
    if (list.length === 0) return false;
    if (distinctiveTerms(text).some((t) => !/^\d/.test(t) && list.some((p) => p.norm.includes(t)))) return true;
    const query = queryOf(text);
    if (idx.search(query, SHORTFALL_AT).length > 0) return true;
    return list.some((p) => sharesRareRun(query, p));
  };

  const links: CommitmentLink[] = commitments.map((c, ci) => {
    const supporting: Scored[] = [];
    const actions: ActionLink[] = c.actions.map((text, ai) => {
      const scored = bestPassages(ci, ai, Math.max(1, o.maxEvidence));
      const score = scored[0]?.score ?? 0;
      const kept = scored.slice(0, o.maxEvidence).filter((s) => s.score >= o.partialAt);
      supporting.push(...kept);
      // A figure below what was promised (培训3次 promised, 2次 reported) is partial however well the words match.
      const figures = c.actionTargets[ai].map((t) =>
        targetOutcome(
          t,
          kept.map((k) => k.passage),
        ),
      );
      const missed = figures.some((f) => f.met === false);
      const found = verdictOf(score, o);
      const link = {
        text,
        verdict: found === 'evidenced' && missed ? ('partial' as const) : found,
        score: Math.round(score * 1000) / 1000,
        evidence: toEvidence(text, kept),
        acknowledgedShortfall: mentionedIn(problems, passages.problems, text),
        carriedOver: mentionedIn(plan, passages.plan, text),
      };
      return { ...link, reason: actionReason(link, figures) };
    });
    const share =
      actions.reduce((n, a) => n + (a.verdict === 'evidenced' ? 1 : a.verdict === 'partial' ? 0.5 : 0), 0) /
      Math.max(1, actions.length);
    // The commitment's evidence: the passages that support its actions, the paragraph that
    // supports it most first (that is where a supervisor should look).
    const byPassage = new Map<number, Scored>();
    for (const s of supporting)
      if ((byPassage.get(s.passage.id)?.score ?? -1) < s.score) byPassage.set(s.passage.id, s);
    const weight = new Map<number, number>();
    for (const s of byPassage.values())
      weight.set(s.passage.paragraph, (weight.get(s.passage.paragraph) ?? 0) + s.score);
    const evidence = [...byPassage.values()].sort(
      (a, b) =>
        (weight.get(b.passage.paragraph) ?? 0) - (weight.get(a.passage.paragraph) ?? 0) ||
        b.score - a.score ||
        a.passage.id - b.passage.id,
    );
    const acknowledgedShortfall = actions.some((a) => a.acknowledgedShortfall && a.verdict === 'not_found');
    const carriedOver = actions.some((a) => a.carriedOver && a.verdict === 'not_found');
    const anyEvidence = actions.some((a) => a.verdict !== 'not_found');
    const evidencedActions = actions.filter((a) => a.verdict === 'evidenced').length;
    const targets = c.targets.map((t) => targetOutcome(t, passages.evidence));
    const missedTarget = targets.some((t) => t.met === false);
    // Evidenced: a good share of the actions is reported, or several of them are (long items list
    // many small pledges a report never mentions one by one); never while the report admits a
    // shortfall or reports a missed target. Partial: some evidence. Not found: none.
    const whole = share >= WHOLE_SHARE || evidencedActions >= WHOLE_ACTIONS;
    const verdict: Verdict = !anyEvidence
      ? 'not_found'
      : whole && !acknowledgedShortfall && !missedTarget
        ? 'evidenced'
        : 'partial';
    return {
      path: c.item.path,
      title: c.item.title,
      verdict,
      score: Math.round(share * 1000) / 1000,
      evidence: toEvidence([c.item.title, ...c.actions].join('。'), evidence),
      acknowledgedShortfall,
      carriedOver,
      targets,
      actions,
    };
  });

  const count = (v: Verdict) => links.filter((l) => l.verdict === v).length;
  const evidenced = count('evidenced');
  const partial = count('partial');
  return {
    commitments: links,
    summary: {
      commitments: links.length,
      evidenced,
      partial,
      notFound: count('not_found'),
      rate: links.length === 0 ? 0 : Math.round(((evidenced + 0.5 * partial) / links.length) * 1000) / 1000,
      evidencedRate: links.length === 0 ? 0 : Math.round((evidenced / links.length) * 1000) / 1000,
    },
  };
}
