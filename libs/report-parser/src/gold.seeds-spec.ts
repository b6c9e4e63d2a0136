import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ParsedPlanItem } from './index';
import { parseReport } from './report-parser';

/** The seed reports and their gold parse live in ../shared beside the project root (CI has it). */
const SHARED = resolve(__dirname, '../../../../shared');
const SEEDS = join(SHARED, 'seeds');
const GOLD = join(SHARED, 'gold', 'seeds.json');

interface GoldTarget {
  text: string;
  metric: string;
  op: string;
  value: number;
  unit: string | null;
}
interface GoldReport {
  file: string;
  title: string | null;
  bureau: string;
  publisher?: string;
  region: string;
  reportYear: number;
  planYear: number;
  publishDate: string | null;
  sections: { achievements: string | null; problems: string | null; plan: string };
  items: Array<{ title: string; mustContain: string[]; targets: GoldTarget[] }>;
  notItems: string[];
}

function loadGold(): GoldReport[] {
  if (!existsSync(SEEDS) || !existsSync(GOLD)) {
    throw new Error(
      `The seed reports are missing: expected ${SEEDS} and ${GOLD} (the read-only shared/ folder beside the project root). ` +
        'The gold test cannot run without them.',
    );
  }
  return (JSON.parse(readFileSync(GOLD, 'utf8')) as { reports: GoldReport[] }).reports;
}

function allItems(items: ParsedPlanItem[]): ParsedPlanItem[] {
  return items.flatMap((i) => [i, ...allItems(i.children)]);
}

describe('gold parse of the seed reports', () => {
  const gold = loadGold();

  describe.each(gold.map((g) => [g.file, g] as const))('%s', (_file, g) => {
    const result = parseReport(readFileSync(join(SEEDS, g.file)));
    if (!result.ok) throw new Error(`${g.file} was rejected: ${result.error.code} ${result.error.message}`);

    it('finds the metadata', () => {
      expect(result.report).toMatchObject({
        title: g.title,
        bureau: g.bureau,
        region: g.region,
        reportYear: g.reportYear,
        planYear: g.planYear,
        publishDate: g.publishDate,
        ...(g.publisher ? { publisher: g.publisher } : {}),
      });
    });

    it('finds the section headings', () => {
      const heading = (kind: string) => result.report.sections.find((s) => s.kind === kind)?.heading ?? null;
      expect({ achievements: heading('achievements'), problems: heading('problems'), plan: heading('plan') }).toEqual(
        g.sections,
      );
    });

    it('finds every top-level plan item with its exact title', () => {
      expect(result.items.map((i) => i.title)).toEqual(g.items.map((i) => i.title));
    });

    it('puts each phrase inside the right item and extracts its targets', () => {
      g.items.forEach((goldItem, n) => {
        const item = result.items[n];
        for (const phrase of goldItem.mustContain) expect(item.body).toContain(phrase);
        for (const target of goldItem.targets) expect(item.targets).toContainEqual(target);
      });
    });

    it('makes no item of the notItems', () => {
      for (const item of allItems(result.items)) {
        for (const not of g.notItems) {
          expect(item.title).not.toContain(not);
          expect(item.body).not.toContain(not);
        }
      }
    });

    it('defaults due dates to the end of the plan year', () => {
      for (const item of allItems(result.items)) expect(item.dueDate! <= `${g.planYear}-12-31`).toBe(true);
    });
  });
});
