import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource } from '@luoshi/db';
import { bootApiWorld, type ApiWorld } from './support/api-world';
import { cliRowCounts, runCli } from './support/cli-harness';
import { rowCounts } from './support/db-counts';
import { SEEDS_DIR, fileForm, gold, seedFiles } from './support/fixtures';
import { createTestDatabase, databaseTargets, type TestDatabase } from './support/test-env';

/**
 * The five seed reports (../shared/seeds) through the API and the CLI, against their gold parse
 * (../shared/gold). The `seeds` Jest project: left out, with a one-line notice, where ../shared is
 * absent; `.ci/run` requires it.
 */
describe.each(databaseTargets())('the seed reports over HTTP on %s', (target) => {
  let api: ApiWorld;

  beforeAll(async () => {
    api = await bootApiWorld(target);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('stores every seed with its plan items as tasks, matching the gold item counts and titles', async () => {
    for (const [i, seed] of seedFiles().entries()) {
      const res = await api.as.admin.post('/api/reports', fileForm(seed.file, seed.bytes));
      expect(res.status).toBe(201);
      const g = gold().reports[i];
      expect(res.body.report).toMatchObject({ bureauName: g.bureau, planYear: g.planYear });
      const roots = await api.as.admin.get(`/api/tasks?reportId=${res.body.report.id}&rootsOnly=true&pageSize=200`);
      expect(roots.body.total).toBe(g.items.length);
      expect(roots.body.items.map((t: { title: string }) => t.title)).toEqual(g.items.map((x) => x.title));
      expect(roots.body.items.every((t: { status: string }) => t.status === 'planned')).toBe(true);
    }
  });

  it('answers a seed uploaded again with the stored report (200) and writes nothing', async () => {
    const seed = seedFiles()[0];
    const before = await rowCounts(api.db.config);
    const res = await api.as.admin.post('/api/reports', fileForm(seed.file, seed.bytes));
    expect(res).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    await expect(rowCounts(api.db.config)).resolves.toEqual(before);
  });
});

describe.each(databaseTargets())('the seed reports through the CLI on %s', (target) => {
  let db: TestDatabase;
  const run = (args: string[]) => runCli(db, args);

  beforeAll(async () => {
    db = await createTestDatabase(target);
    await runCli(db, ['migrate']);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('parse --json prints one object per file in the contract shape and exits 1 if one fails', async () => {
    const notice = join(__dirname, '../libs/report-parser/test/fixtures/not-ok/notice/input.txt');
    const result = await run(['parse', '--json', join(SEEDS_DIR, '003_a7f94bc8b7590ca5.txt'), notice]);
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).toMatchObject({
      ok: true,
      report: { bureau: '衢州市衢江区司法局', planYear: 2022 },
      // The page prints no title (it opens with 一、2021年工作总结): the years come from the body, and it says so.
      warnings: [expect.stringMatching(/^NO_TITLE: /)],
    });
    expect((parsed[0].items as unknown[]).length).toBe(3);
    expect(parsed[1]).toMatchObject({ ok: false, error: { code: 'NOT_A_REPORT', messageZh: expect.any(String) } });
  });

  it('ingests every seed with the gold number of top-level items, and a second run creates nothing', async () => {
    const first = await run(['ingest', '--no-progress', SEEDS_DIR]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${readdirSync(SEEDS_DIR).length} ingested or already present, 0 failed`);
    const dataSource = createDataSource(db.config.database);
    await dataSource.initialize();
    try {
      const rows: Array<{ top: number | string }> = await dataSource.query(
        'SELECT COUNT(p."id") AS top FROM report r LEFT JOIN plan_item p ON p."reportId" = r."id" AND p."parentId" IS NULL GROUP BY r."id" ORDER BY r."id"',
      );
      expect(rows.map((r) => Number(r.top))).toEqual(gold().reports.map((g) => g.items.length));
    } finally {
      await dataSource.destroy();
    }
    const before = await cliRowCounts(db);
    const second = await run(['ingest', '--no-progress', SEEDS_DIR]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('duplicate');
    await expect(cliRowCounts(db)).resolves.toEqual(before);
  });
});
