import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportPdfPages, writePdf } from '../../../../../libs/report-parser/test/documents/pdf-file.helper';
import {
  SAMPLE_REPORT_PARAGRAPHS,
  SAMPLE_REPORT_TEXT,
} from '../../../../../libs/report-parser/test/documents/sample-report.constants';
import { ParseThreads } from './report-parse.pool';

const SAMPLE = join(__dirname, '../../../../../samples/xihu-2023.txt');

/**
 * A stand-in thread module: 'spin' never returns (a parse that would never end), 'nap:N' works
 * N ms, anything else answers at once.
 */
const STAND_IN = `
module.exports = (task) => {
  task.started.postMessage('started');
  const input = String(task.input);
  const until = input === 'spin' ? Infinity : input.startsWith('nap:') ? Date.now() + Number(input.slice(4)) : 0;
  while (Date.now() < until) {}
  return { ok: true, echo: input };
};`;

describe('ParseThreads', () => {
  let dir: string;
  const pools: ParseThreads[] = [];
  const standIn = (threads: number, timeoutMs: number) => {
    const pool = new ParseThreads({ threads, timeoutMs, script: join(dir, 'stand-in.js') });
    pools.push(pool);
    return pool;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parse-threads-'));
    writeFileSync(join(dir, 'stand-in.js'), STAND_IN);
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses a real report on a thread, as parseReport would', async () => {
    const pool = new ParseThreads({ threads: 1, timeoutMs: 30_000 });
    pools.push(pool);
    const result = await pool.parse(readFileSync(SAMPLE), {});
    if (!result.ok) throw new Error(`refused: ${result.error.code}`);
    expect(result.items.length).toBeGreaterThan(3);
    expect(result.report.planYear).toBe(2024);
  }, 60_000);

  it('reads a PDF on a thread: the text is extracted there, inside the parse', async () => {
    const pool = new ParseThreads({ threads: 1, timeoutMs: 30_000 });
    pools.push(pool);
    const pdf = writePdf(reportPdfPages(SAMPLE_REPORT_PARAGRAPHS, { footer: (n) => `— ${n} —` }));
    await expect(pool.parse(pdf, {})).resolves.toMatchObject({
      ok: true,
      report: { encoding: 'pdf', bureau: '成都市青羊区司法局' },
      text: SAMPLE_REPORT_TEXT,
    });
  }, 60_000);

  it('stops a parse that runs past its budget and refuses it as PARSE_TIMEOUT, in both languages', async () => {
    const pool = standIn(1, 300);
    const started = Date.now();
    const result = await pool.parse('spin', {});
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'PARSE_TIMEOUT', messageZh: expect.stringContaining('秒') },
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    // The thread that spun was terminated; the next parse gets a fresh one.
    await expect(pool.parse('after', {})).resolves.toEqual({ ok: true, echo: 'after' });
  }, 30_000);

  it('counts the budget from when a parse starts, not from when it was queued', async () => {
    // One thread, two parses of 250 ms each against a 600 ms budget: the second waits ~250 ms first.
    const pool = standIn(1, 600);
    await pool.parse('warm', {});
    const results = await Promise.all([
      pool.parse('nap:250', {}),
      pool.parse('nap:250', {}),
      pool.parse('nap:250', {}),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
  }, 30_000);

  it('refuses with 503 once too many parses wait for a thread', async () => {
    const pool = standIn(1, 2000);
    await pool.parse('warm', {});
    const runs = Array.from({ length: 70 }, () =>
      pool.parse('nap:20', {}).then(
        () => 'ok',
        (err: { getStatus?: () => number }) => err.getStatus?.(),
      ),
    );
    const outcomes = await Promise.all(runs);
    expect(outcomes).toContain(503);
    expect(outcomes).toContain('ok');
  }, 30_000);
});
