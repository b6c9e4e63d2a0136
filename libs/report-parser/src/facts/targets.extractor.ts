import { parseChineseNumber, splitSpans } from '@luoshi/text';
import { placeSuffixLength } from '../metadata/gazetteer';
import type { Target, TargetOp } from '../parser.types';

/** Lead-in words before a metric (坚决把我区…, 确保全市…), which are not part of its name. */
const LEAD_IN =
  /^(?:(?:坚决|确保|力争|争取|努力|全力|全面|切实|进一步|持续|推动|推进|实现|全年|年内|年底前)\s*)*(?:把|将|使|让)?(?:我区|我市|我县|我局|我省|全区|全市|全县|全省|本区|本市|本县|本局)?/;
const BAD_RATE = /(败诉率|发案率|发生率|差错率|纠错率|违法率|重犯率|再犯率|案件量|增长率|信访量)$/;

const LE_BEFORE = /(控制在|降至|降低到|降低至|降到|压降到|压减到|压减至|不超过|不高于|(?<!不)低于|(?<!不)少于)\s*$/;
const GE_BEFORE =
  /(达到|达|保持在|保持|维持在|提高到|提高至|提升到|提升至|增至|增长到|不低于|不少于|超过|高于|力争|争取|确保)\s*$/;
const VERB =
  /(控制在|降至|降低到|降低至|降到|压降到|压减到|压减至|不超过|不高于|(?<!不)低于|(?<!不)少于|达到|达|保持在|保持|维持在|提高到|提高至|提升到|提升至|增至|增长到|不低于|不少于|超过|高于)/;

const PERCENT = /(\d+(?:\.\d+)?)\s*%(以内|以下|之内|以上|左右)?/g;
const RANK = /(?:全国|全省|全市|全区|全县)?(?:前|第)(\d{1,3}|[一二三四五六七八九十]{1,3})名/g;
const COUNT_UNITS = '万人次|人次|场次|件|个|场|次|名|人|家|篇|期|项|所|户|批|支|套|条|部|份|场|座|处|期';
const DURATION =
  /(压减到|压减至|压缩到|压缩至|缩短到|缩短至|控制在|降至|降到|不超过|少于)(\d+(?:\.\d+)?)(个工作日|工作日|天|日|小时|分钟|个月)(以内|之内)?/g;
const THRESHOLD = new RegExp(
  `(不少于|不低于|至少|达到|超过)(\\d+(?:\\.\\d+)?)(万)?余?(${COUNT_UNITS})(以上|左右)?`,
  'g',
);
const ACTION_COUNT = new RegExp(
  `(新增|培育|建成|建设|创建|打造|开展|举办|办理|发展|招录|引进|培训|完成|组织|选树|评选)([^,。;:\\d“”"]{0,16}?)(\\d+(?:\\.\\d+)?)(万)?余?(${COUNT_UNITS})(以上|左右)?`,
  'g',
);

/** What every pattern above needs (an ASCII digit, or 名 for 前三名): a pattern added without one must widen this. */
const HAS_FIGURE = /[0-9名]/;

function metricBefore(clause: string, end: number): { metric: string; start: number } {
  const head = clause.slice(0, end);
  const lead = LEAD_IN.exec(head)?.[0].length ?? 0;
  return { metric: head.slice(lead).trim(), start: lead };
}

function number(raw: string): number {
  return parseChineseNumber(raw) ?? Number(raw);
}

/**
 * Quantitative promises in each clause of `norm[from, to)`: rates (败诉率控制在8%以内 → <= 8 %),
 * ranks (力争全市前2名 → rank <= 2 名) and counts (不少于650件 → >= 650 件, 新增…6名 → >= 6 名).
 * `text` and `metric` are taken from the original text.
 */
export function findTargets(text: string, norm: string, from: number, to: number): Target[] {
  const targets: Target[] = [];
  // Every pattern needs an ASCII digit (norm folds full-width ones) or 名 (前三名); most clauses have neither.
  if (!HAS_FIGURE.test(norm.slice(from, to))) return targets;
  for (const clause of splitSpans(norm, from, to, true)) {
    const c = norm.slice(clause.start, clause.end);
    const original = text.slice(clause.start, clause.end);
    const slice = (s: number, e: number) => original.slice(s, e);
    findPercents(c, slice, targets);
    findRanks(c, slice, targets);
    findCounts(c, slice, targets);
    findDurations(c, slice, targets);
  }
  return targets;
}

type Slicer = (start: number, end: number) => string;

function findPercents(c: string, slice: Slicer, out: Target[]): void {
  PERCENT.lastIndex = 0;
  for (let m = PERCENT.exec(c); m; m = PERCENT.exec(c)) {
    const before = c.slice(0, m.index);
    const verb = VERB.exec(before);
    const verbAt = verb ? before.lastIndexOf(verb[0]) : before.length;
    const { metric, start } = metricBefore(c, verbAt);
    if (!metric || /\d$/.test(metric)) continue;
    const qualifier = m[2];
    let op: TargetOp = BAD_RATE.test(metric) ? '<=' : '>=';
    if (LE_BEFORE.test(before) || qualifier === '以内' || qualifier === '以下' || qualifier === '之内') op = '<=';
    else if (GE_BEFORE.test(before) || qualifier === '以上') op = '>=';
    else if (qualifier === '左右') op = '=';
    const end = m.index + m[0].length;
    out.push({
      text: slice(start, end),
      metric: slice(start, start + metric.length),
      op,
      value: Number(m[1]),
      unit: '%',
    });
  }
}

function findRanks(c: string, slice: Slicer, out: Target[]): void {
  RANK.lastIndex = 0;
  for (let m = RANK.exec(c); m; m = RANK.exec(c)) {
    const before = c.slice(0, m.index);
    const verb = /(力争|争取|确保|进入|保持|位居|位列|排名|排在|跻身)\s*$/.exec(before);
    const subjectEnd = verb ? m.index - verb[0].length : m.index;
    const { start } = metricBefore(c, subjectEnd);
    let subject = slice(start, subjectEnd).trim();
    // 法治衢州考核衢江区力争…: the place being ranked is not part of the metric's name.
    const place = placeSuffixLength(subject);
    if (place > 0 && place < subject.length) subject = subject.slice(0, subject.length - place);
    if (!subject) continue;
    const metric = /排名|名次/.test(subject) ? subject : `${subject}排名`;
    out.push({ text: slice(start, m.index + m[0].length), metric, op: '<=', value: number(m[1]), unit: '名' });
  }
}

/** 不少于650件 (metric: what comes before) and 新增公职律师6名 (metric: the verb and its object). */
function findCounts(c: string, slice: Slicer, out: Target[]): void {
  const taken: Array<[number, number]> = [];
  THRESHOLD.lastIndex = 0;
  for (let m = THRESHOLD.exec(c); m; m = THRESHOLD.exec(c)) {
    const subject = metricBefore(c, m.index);
    if (!subject.metric) continue;
    const end = m.index + m[0].length;
    taken.push([subject.start, end]);
    out.push({
      text: slice(subject.start, end),
      metric: slice(subject.start, m.index).trim(),
      op: '>=',
      value: Number(m[2]) * (m[3] ? 10000 : 1),
      unit: m[4],
    });
  }
  ACTION_COUNT.lastIndex = 0;
  for (let m = ACTION_COUNT.exec(c); m; m = ACTION_COUNT.exec(c)) {
    const end = m.index + m[0].length;
    if (taken.some(([a, b]) => m!.index < b && end > a) || /(不少于|不低于|至少|达到|超过)/.test(m[2])) continue;
    const metric = slice(m.index, m.index + m[1].length + m[2].length).trim();
    out.push({ text: slice(m.index, end), metric, op: '>=', value: Number(m[3]) * (m[4] ? 10000 : 1), unit: m[5] });
  }
}

/** 办理周期压减到45天以内 → 办理周期 <= 45 天. */
function findDurations(c: string, slice: Slicer, out: Target[]): void {
  DURATION.lastIndex = 0;
  for (let m = DURATION.exec(c); m; m = DURATION.exec(c)) {
    const subject = metricBefore(c, m.index);
    if (!subject.metric) continue;
    const end = m.index + m[0].length;
    out.push({
      text: slice(subject.start, end),
      metric: slice(subject.start, m.index).trim(),
      op: '<=',
      value: Number(m[2]),
      unit: m[3],
    });
  }
}
