import { foldText } from './fold.util';

/** A bureau as its names give it: the name, other names it is printed under, and its region (浙江省杭州市西湖区). */
export interface BureauNames {
  name: string;
  aliases?: readonly string[];
  region?: string | null;
}

/**
 * Where the organisation begins in a name: everything before the first of these is the place
 * (杭州市西湖区|司法局, 中共杭州市|委全面依法治市委员会办公室, 杭州市|依法治市办).
 */
const ORGANISATION = /司法局|司法厅|人民政府|政府|委员会|办公室|办事处|依法治|法治|党委|委|局|厅|办/;
/**
 * One administrative unit at the front of a place: the shortest name followed by a unit suffix.
 * A bare 州 is no suffix (杭州市 must not split into 杭|州市); autonomous prefectures say 自治州.
 */
const UNIT = /^(.+?)(特别行政区|自治区|自治州|自治县|自治旗|街道|地区|省|市|盟|区|县|旗|镇|乡)/;

/** The place part of a bureau's name: 杭州市西湖区司法局 → 杭州市西湖区; 区司法局 → 区; 司法局 → ''. */
export function placeOfBureau(name: string): string {
  const folded = foldText(name.replace(/\s+/g, '')).replace(/^中共/, '');
  const org = ORGANISATION.exec(folded);
  return org ? folded.slice(0, org.index) : folded;
}

/**
 * The places a bureau's name or region names, broadest first, without their unit suffixes:
 * 浙江省杭州市西湖区司法局 → 浙江, 杭州, 西湖. A name printed by level only (区司法局) names none.
 */
export function placeTokens(name: string): string[] {
  let rest = placeOfBureau(name);
  const tokens: string[] = [];
  for (let unit = UNIT.exec(rest); unit; unit = UNIT.exec(rest)) {
    tokens.push(unit[1]);
    rest = rest.slice(unit[0].length);
  }
  return tokens;
}

/** Every place a bureau's names and region mention, and the most specific place of each. */
function places(bureau: BureauNames): { all: Set<string>; specific: Set<string> } {
  const all = new Set<string>();
  const specific = new Set<string>();
  for (const name of [bureau.name, ...(bureau.aliases ?? []), ...(bureau.region ? [bureau.region] : [])]) {
    const tokens = placeTokens(name);
    tokens.forEach((t) => all.add(t));
    if (tokens.length > 0) specific.add(tokens[tokens.length - 1]);
  }
  return { all, specific };
}

/**
 * Where bureau `a` stands to bureau `b` by the places their names (and regions) give: the same
 * place (杭州市西湖区司法局 and 西湖区人民政府), `above` it (杭州市司法局 above 杭州市西湖区司法局),
 * `below` it, `unrelated` (杭州市上城区 and 杭州市西湖区 share their city, but neither place holds the
 * other), or `unknown` when either names no place (区司法局).
 */
export type BureauRelation = 'same' | 'above' | 'below' | 'unrelated' | 'unknown';

export function relateBureaus(a: BureauNames, b: BureauNames): BureauRelation {
  const pa = places(a);
  const pb = places(b);
  if (pa.all.size === 0 || pb.all.size === 0) return 'unknown';
  if ([...pa.specific].some((t) => pb.specific.has(t))) return 'same';
  if ([...pa.specific].some((t) => pb.all.has(t))) return 'above';
  if ([...pb.specific].some((t) => pa.all.has(t))) return 'below';
  return 'unrelated';
}

/** The bureaus around the one a report would be filed under, in the hierarchy luoshi keeps. */
export interface BureauLineage {
  ancestors?: readonly BureauNames[];
  descendants?: readonly BureauNames[];
}

/**
 * True only when the bureau a report names (`parsed`) clearly is not `target`: it names a place,
 * and that place is neither `target`'s nor above or below it, nor one of `target`'s ancestors (or
 * above them) or descendants (or below them) in the hierarchy. A sibling (杭州市上城区司法局 for
 * 杭州市西湖区司法局) differs, though both sit under 杭州市. An absent or placeless name never
 * differs clearly.
 */
export function bureauClearlyDiffers(parsed: BureauNames, target: BureauNames, lineage: BureauLineage = {}): boolean {
  if (parsed.name.trim() === '') return false;
  if (relateBureaus(parsed, target) !== 'unrelated') return false;
  if ((lineage.ancestors ?? []).some((a) => ['same', 'above'].includes(relateBureaus(parsed, a)))) return false;
  return !(lineage.descendants ?? []).some((d) => ['same', 'below'].includes(relateBureaus(parsed, d)));
}
