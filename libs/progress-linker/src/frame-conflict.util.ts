import { canonical } from './synonyms.util';

const CJK = /[\u4e00-\u9fff]/;
const MAX_GAP = 14;
const QUANTITY =
  /[\d%]|每|全年|全部|以上|以内|以下|年底|年内|月底|季度|半年|[一二三四五六七八九十两]+[次个项件名人家场期批]/;
const KIND = /(措施|办法|规范|规定|制度|机制|体检|清单|方案|意见|细则|条例|标准|平台|中心|行动|工作室|调解室)/;
const DOCUMENT = /《([^》]{2,40})》/g;

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

function contentOf(gap: string): string {
  return [...gap].filter((c) => CJK.test(c)).join('');
}

/** An action read once for every passage it is held against: its canonical text, words and documents. */
export interface FramedAction {
  text: string;
  grams: Set<string>;
  /** The words of each document it names (《…》), canonical. */
  documents: string[][];
  /** Whether a look-alike is possible at all: it names a document or a kind of thing (…办法, …机制). */
  framed: boolean;
}

export function frameAction(actionNorm: string): FramedAction {
  const text = canonical(actionNorm);
  const documents = [...actionNorm.matchAll(DOCUMENT)].map((m) => [...bigrams(canonical(m[1]))]);
  return { text, grams: bigrams(text), documents, framed: documents.length > 0 || KIND.test(text) };
}

/** Runs of `passage` made of bigrams the action also has, with where each run first occurs in the action. */
function sharedRuns(action: FramedAction, passage: string): Array<{ p: number; a: number; len: number }> {
  const runs: Array<{ p: number; a: number; len: number }> = [];
  for (let i = 0; i < passage.length;) {
    if (!action.grams.has(passage.slice(i, i + 2))) {
      i++;
      continue;
    }
    let j = i + 2;
    while (j < passage.length && action.grams.has(passage.slice(j - 1, j + 1))) j++;
    const a = action.text.indexOf(passage.slice(i, j));
    if (a >= 0) runs.push({ p: i, a, len: j - i });
    i = j;
  }
  return runs;
}

/**
 * Whether a passage names a different thing in the same frame as the action: both put different
 * words between the same two shared runs — 《栖枫区[优化营商环境]若干措施》 and
 * 《栖枫区[促进民营经济发展]若干措施》, 建立[药品]安全风险会商机制 and 建立[特种设备]安全风险会商机制,
 * “[法治]体检” and “[安全]体检” — or the action is about a document the passage does not name.
 * Shared words around a different core are a look-alike, not evidence. `passage` is canonical
 * (synonyms.util), as the linker keeps it.
 */
export function namesOtherThingInFrame(action: FramedAction, passage: string): boolean {
  if (!action.framed) return false;
  if (missesDocument(action, passage)) return true;
  if (!KIND.test(passage)) return false;
  const runs = sharedRuns(action, passage);
  for (let k = 0; k + 1 < runs.length; k++) {
    const r1 = runs[k];
    const r2 = runs[k + 1];
    const a1End = r1.a + r1.len;
    // Both anchors in the action's own order (a short run met again later, 工资…工资, anchors nothing).
    if (r2.a <= a1End || (k > 0 && r1.a < runs[k - 1].a + runs[k - 1].len)) continue;
    const pGap = passage.slice(r1.p + r1.len, r2.p);
    const aGap = action.text.slice(a1End, r2.a);
    if (pGap.length > MAX_GAP || aGap.length > MAX_GAP || /[。，,；;：:、]/.test(pGap + aGap)) continue;
    // Only a name's core differs (药品 / 特种设备), never a figure or a time (每半年 / 全年2次), and only
    // before the kind of thing named (…措施, …办法, …机制, “…体检”).
    if (QUANTITY.test(pGap + aGap) || !KIND.test(passage.slice(r2.p, r2.p + r2.len))) continue;
    const pCore = contentOf(pGap);
    const aCore = contentOf(aGap);
    if (pCore.length < 2 || aCore.length < 2) continue;
    const theirs = bigrams(pCore);
    if (![...bigrams(aCore)].some((g) => theirs.has(g))) return true;
  }
  return false;
}

/**
 * The action is about a named document (《劳动合同法》, 《X县…办法》) and the passage does not print
 * most of that name: 开展《社会保险法》宣传月 or a summary that shares only 法治建设 does not report
 * 开展《劳动合同法》宣传月. Half the name's words must be there (names are abbreviated at times).
 * Documents only: a quoted brand (“回头看”) is often reported in other words (整改销号).
 */
function missesDocument(action: FramedAction, passage: string): boolean {
  if (action.documents.length === 0) return false;
  return action.documents.every((grams) => grams.filter((g) => passage.includes(g)).length < grams.length / 2);
}
