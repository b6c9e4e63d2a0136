/**
 * Which bureaus a task's 牵头单位 / 配合单位 text names. Reports name units relative to the issuing
 * body (县司法局 in a county's report, 区财政局 in a district's, 市公安局 for the city above), by
 * an abbreviation (县政府办 for 县人民政府办公室 is left alone: only 政府 ↔ 人民政府 is expanded),
 * or collectively (各有关部门, 各镇街): only a unit that names exactly one known bureau resolves.
 * Pure: the caller passes the bureau directory.
 */

export interface DirectoryBureau {
  id: number;
  name: string;
  region: string | null;
  aliases: readonly string[];
}

export type UnitMatch = 'name' | 'relative';
export type UnitMiss = 'collective' | 'unknown' | 'ambiguous';

export interface ResolvedUnit {
  /** The unit as the task names it. */
  unit: string;
  bureauId: number | null;
  /** How it was matched, or why it was not. */
  how: UnitMatch | UnitMiss;
}

/** 各有关部门, 有关单位, 各镇（街）, 乡镇人民政府按职责分工分别负责 …: many units, none by name. */
const COLLECTIVE =
  /^(各|有关|相关|其他|其它|全[市区县省])|按职责|等单位|等部门|各有关|成员单位|^[乡镇街]+(人民政府|道|道办事处)?$/;

/** The place names a region is made of, widest first: 浙江省 › 杭州市 › 西湖区. */
export function regionParts(region: string): string[] {
  // 州 ends a place only where no 市/区/县 follows it (杭州市 is one place, 甘孜州 another).
  const parts = region.match(
    /.+?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|州(?![市区县])|盟|地区|区|县|旗|镇|乡|街道)/gu,
  );
  return parts ?? [];
}

/** The region a bureau sits in: its stored region, or the place names its own name begins with. */
function placeOf(bureau: Pick<DirectoryBureau, 'name' | 'region'>): string[] {
  if (bureau.region) return regionParts(bureau.region);
  const prefix = bureau.name.match(/^(.+?(?:省|自治区|市|州(?![市区县])|盟|区|县|旗))+/u);
  return prefix ? regionParts(prefix[0]) : [];
}

/** The level a relative prefix points at: 区/县/旗 the district, 市/州/盟 the city, 省 the province. */
function partFor(prefix: string, parts: string[]): string | undefined {
  const levels: Record<string, RegExp> = {
    省: /(省|自治区)$/u,
    市: /(市|州|盟|地区)$/u,
    州: /(州|盟)$/u,
    区: /(区|县|旗|市)$/u,
    县: /(县|旗|区|市)$/u,
    旗: /旗$/u,
  };
  const wanted = levels[prefix];
  if (!wanted) return undefined;
  // The narrowest part of that level: a district's own 区, the city above it for 市.
  for (let i = parts.length - 1; i >= 0; i--) {
    if (!wanted.test(parts[i])) continue;
    // 某市 as the district-level part only when it is a county-level city under a city (not the first city).
    if ((prefix === '区' || prefix === '县') && /市$/u.test(parts[i]) && i <= 1) continue;
    return parts[i];
  }
  return undefined;
}

/** 政府 ↔ 人民政府, the one abbreviation reports use of bureau names. */
function spellings(name: string): string[] {
  const out = new Set([name]);
  if (/政府/u.test(name) && !/人民政府/u.test(name)) out.add(name.replace('政府', '人民政府'));
  return [...out];
}

/** The directory by every name and alias (a name used twice maps to several ids). */
export function indexDirectory(directory: readonly DirectoryBureau[]): Map<string, number[]> {
  const byName = new Map<string, number[]>();
  const add = (name: string, id: number) => {
    const ids = byName.get(name) ?? [];
    if (!ids.includes(id)) byName.set(name, [...ids, id]);
  };
  for (const b of directory) {
    add(b.name, b.id);
    for (const alias of b.aliases) add(alias, b.id);
  }
  return byName;
}

/** Cleans one unit as printed: brackets, trailing 等 and the 负责 phrases around it. */
function cleanUnit(unit: string): string {
  return unit
    .replace(/[\s\u3000]+/gu, '')
    .replace(/^[（(【[]|[）)】\]]$/gu, '')
    .replace(/(等|负责|牵头|配合)$/u, '')
    .trim();
}

/**
 * Resolves each unit against the directory, relative to `lead` (the bureau whose report or
 * ledger names the units). Never guesses: two candidates are 'ambiguous', none 'unknown'.
 */
export function resolveUnits(
  units: readonly string[],
  lead: Pick<DirectoryBureau, 'name' | 'region'> | null,
  directory: readonly DirectoryBureau[] | Map<string, number[]>,
): ResolvedUnit[] {
  const byName = directory instanceof Map ? directory : indexDirectory(directory);
  const parts = lead ? placeOf(lead) : [];
  return units.map((raw) => {
    const unit = cleanUnit(raw);
    if (!unit || COLLECTIVE.test(unit)) return { unit: raw, bureauId: null, how: 'collective' as const };
    const direct = new Set(spellings(unit).flatMap((n) => byName.get(n) ?? []));
    if (direct.size === 1) return { unit: raw, bureauId: [...direct][0], how: 'name' as const };
    if (direct.size > 1) return { unit: raw, bureauId: null, how: 'ambiguous' as const };
    const prefix = unit[0];
    const part = partFor(prefix, parts);
    if (!part) return { unit: raw, bureauId: null, how: 'unknown' as const };
    const rest = unit.slice(1);
    const upTo = parts.slice(0, parts.indexOf(part) + 1);
    // 西湖区财政局, 杭州市西湖区财政局, 浙江省杭州市西湖区财政局: the spellings a directory may hold.
    const full = upTo.map((_, i) => upTo.slice(i).join('') + rest);
    const found = new Set(full.flatMap(spellings).flatMap((n) => byName.get(n) ?? []));
    if (found.size === 1) return { unit: raw, bureauId: [...found][0], how: 'relative' as const };
    return { unit: raw, bureauId: null, how: found.size > 1 ? ('ambiguous' as const) : ('unknown' as const) };
  });
}

/**
 * Every name resolveUnits may look up to resolve these units relative to `lead` — it reads the
 * directory by nothing else — so the bureaus with one of these names or aliases (and the lead)
 * resolve them exactly as the whole directory does. Recorded from resolveUnits itself against a
 * directory where nothing is found, which asks for every spelling it would ever try.
 */
export function namesLookedUp(
  units: readonly string[],
  lead: Pick<DirectoryBureau, 'name' | 'region'> | null,
): string[] {
  const asked = new Set<string>();
  class Recorder extends Map<string, number[]> {
    override get(name: string): undefined {
      asked.add(name);
      return undefined;
    }
  }
  resolveUnits(units, lead, new Recorder());
  return [...asked];
}

/**
 * Text that the place of a bureau (its region, or its name when it has none) holds whenever a
 * chain of its place parts begins one of these names: their first two characters, since every
 * place part has at least two (a name and its 省/市/区 …). Bureaus whose place holds none of them
 * cannot be where mentionsOf looks for the rest of the names.
 */
export function placeStarts(names: readonly string[]): string[] {
  return [...new Set(names.map((name) => name.slice(0, 2)))];
}

/** Text a task's units must contain to name a bureau, and the lead bureaus whose tasks may (null: any). */
export interface UnitMention {
  text: string;
  leadIds: number[] | null;
}

/**
 * A name as units may write it: as it is, and with 人民政府 written 政府, as reports abbreviate it
 * (neither contains the other: 杭州市政府 is not inside 杭州市人民政府).
 */
const writtenAs = (name: string): string[] => [...new Set([name, name.replace(/人民政府/u, '政府')])];

/**
 * Where `bureau` may be named among tasks' units, so that adding or renaming it re-resolves only
 * those tasks (not every task whose units end in 司法局): by its name or an alias (政府 for
 * 人民政府) in any task; and relatively (区财政局 for 杭州市西湖区财政局) only in the tasks of a
 * bureau whose place holds a chain of place names the name begins with (the chains resolveUnits
 * builds from the lead's place), containing the rest of the name. A superset of what resolveUnits
 * can match: every unit whose resolution the bureau changes contains one of these texts.
 */
export function mentionsOf(
  bureau: Pick<DirectoryBureau, 'name' | 'aliases'>,
  directory: readonly DirectoryBureau[],
): UnitMention[] {
  const names = [...new Set([bureau.name, ...bureau.aliases])];
  const anywhere = new Set(names.flatMap(writtenAs));
  // Skips placeOf's regular expression for nearly every bureau of a large directory.
  const starts = placeStarts(names);
  const relative = new Map<string, Set<number>>();
  for (const lead of directory) {
    const source = lead.region || lead.name;
    if (!starts.some((start) => source.includes(start))) continue;
    const parts = placeOf(lead);
    for (let k = 0; k < parts.length; k++)
      for (let i = 0; i <= k; i++) {
        const chain = parts.slice(i, k + 1).join('');
        for (const name of names) {
          if (!name.startsWith(chain)) continue;
          for (const rest of writtenAs(name.slice(chain.length))) {
            // resolveUnits reads one character of prefix (区, 市 …) before the rest: nothing shorter can name it.
            if (rest.length < 2 || [...anywhere].some((text) => rest.includes(text))) continue;
            relative.set(rest, (relative.get(rest) ?? new Set()).add(lead.id));
          }
        }
      }
  }
  return [
    ...[...anywhere].map((text) => ({ text, leadIds: null })),
    ...[...relative].map(([text, leads]) => ({ text, leadIds: [...leads].sort((a, b) => a - b) })),
  ];
}
