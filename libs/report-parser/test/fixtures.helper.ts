import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedPlanItem, ParseResult } from '../src';

export const FIXTURES_DIR = join(__dirname, 'fixtures');

export interface FixtureCase {
  name: string;
  input: Buffer;
  inputFile: string;
  expected: unknown;
}

/** Loads `fixtures/<kind>/<case>/input.*` with its `expected.json`, one case per folder. */
export function loadFixtures(kind: 'ok' | 'not-ok'): FixtureCase[] {
  const dir = join(FIXTURES_DIR, kind);
  return readdirSync(dir).map((name) => {
    const files = readdirSync(join(dir, name));
    const inputFile = files.find((f) => f.startsWith('input.'));
    if (!inputFile) throw new Error(`fixture ${kind}/${name} has no input.* file`);
    return {
      name,
      inputFile,
      input: readFileSync(join(dir, name, inputFile)),
      expected: JSON.parse(readFileSync(join(dir, name, 'expected.json'), 'utf8')),
    };
  });
}

function projectItem(item: ParsedPlanItem): unknown {
  return {
    path: item.path,
    title: item.title,
    owner: item.owner,
    coOwners: item.coOwners,
    deadlines: item.deadlines,
    dueDate: item.dueDate,
    recurrence: item.recurrence,
    targets: item.targets,
    verifiability: item.verifiability.score,
    actions: item.actions.map((a) => a.text),
    children: item.children.map(projectItem),
  };
}

/** The parts of a parse result that fixtures pin down exactly. */
export function projectResult(result: ParseResult): unknown {
  if (!result.ok) return { ok: false, code: result.error.code };
  const { sections, ...metadata } = result.report;
  return {
    ok: true,
    report: { ...metadata, sections: sections.map((s) => ({ kind: s.kind, heading: s.heading })) },
    items: result.items.map(projectItem),
    warnings: result.warnings.map((w) => w.code),
  };
}
