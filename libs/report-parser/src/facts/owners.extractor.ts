export interface Owners {
  owner: string | null;
  coOwners: string[];
  /** Offsets of the annotation, so titles and actions can leave it out. */
  spans: Array<[number, number]>;
}

const LEAD_KEYS = '牵头单位|牵头部门|责任单位|责任部门|主责单位|主办单位';
const CO_KEYS = '配合单位|配合部门|协办单位|参与单位|协同单位';
const ANNOTATION = new RegExp(
  `\\(\\s*(?:${LEAD_KEYS})[:]\\s*([^;)]+?)\\s*(?:;\\s*(?:${CO_KEYS})[:]\\s*([^)]+?)\\s*)?\\)`,
  'g',
);
const BARE = new RegExp(`(?:${LEAD_KEYS})[:]\\s*([^。;)\\n]+)(?:[;。]\\s*(?:${CO_KEYS})[:]\\s*([^。;)\\n]+))?`, 'g');
const ACTORS = /由([^,。;]{2,30}?)牵头[,]?([^。;]{2,80}?)(?:等单位|等部门)?(?:配合|协同|参与)/g;

function units(list: string | undefined): string[] {
  if (!list) return [];
  return list
    .split(/[、,]|和(?=[^和]{2,}(?:局|院|委|办|厅|所|中心|部))/)
    .map((s) =>
      s
        .replace(/^(及|和|与)/, '')
        .replace(/等$/, '')
        .trim(),
    )
    .filter((s) => s.length >= 2);
}

/**
 * Owner and co-owners of an item: （牵头单位：…；配合单位：…）, 责任单位：A、B, or 由A牵头，B、C配合.
 * Matched on folded text (full-width brackets and colons are ASCII); names come from the original.
 */
export function findOwners(text: string, norm: string, from: number, to: number): Owners {
  const segment = norm.slice(from, to);
  const original = text.slice(from, to);
  for (const re of [ANNOTATION, BARE, ACTORS]) {
    re.lastIndex = 0;
    const m = re.exec(segment);
    if (!m) continue;
    const pick = (group: number) => {
      const value = m[group];
      if (value === undefined) return undefined;
      const at = m.index + m[0].indexOf(value);
      return original.slice(at, at + value.length);
    };
    const leads = units(pick(1));
    const cos = units(pick(2));
    const span: [number, number] = [from + m.index, from + m.index + m[0].length];
    return { owner: leads[0] ?? null, coOwners: [...leads.slice(1), ...cos], spans: [span] };
  }
  return { owner: null, coOwners: [], spans: [] };
}
