import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const SEEDS_DIR = resolve(ROOT, '../shared/seeds');
export const GOLD_FILE = resolve(ROOT, '../shared/gold/seeds.json');
export const SAMPLES_DIR = join(ROOT, 'samples');
export const PARSER_FIXTURES = join(ROOT, 'libs/report-parser/test/fixtures');

/** The seed reports (../shared/seeds); a clear failure when the folder is absent. */
export function seedFiles(): Array<{ file: string; bytes: Buffer }> {
  if (!existsSync(SEEDS_DIR))
    throw new Error(`The seed reports are missing at ${SEEDS_DIR} (the shared/ folder beside the project root)`);
  return readdirSync(SEEDS_DIR)
    .sort()
    .map((file) => ({ file, bytes: readFileSync(join(SEEDS_DIR, file)) }));
}

export function gold(): {
  reports: Array<{ file: string; bureau: string; planYear: number; items: Array<{ title: string }> }>;
} {
  return JSON.parse(readFileSync(GOLD_FILE, 'utf8'));
}

export function sample(name: string): Buffer {
  return readFileSync(join(SAMPLES_DIR, name));
}

export function parserFixture(path: string): Buffer {
  return readFileSync(join(PARSER_FIXTURES, path));
}

export function fileForm(name: string, bytes: Buffer, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return form;
}
