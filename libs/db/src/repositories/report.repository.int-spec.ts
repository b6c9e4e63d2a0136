import type { DataSource } from 'typeorm';
import { databaseTargets } from '../../../../test/support/test-env';
import { openMigratedDatabase, type MigratedDatabase } from '../../../../test/support/test-db';
import { PlanItem } from '../entities/plan-item.entity';
import { Report } from '../entities/report.entity';
import { BureauRepository } from './bureau.repository';
import { ReportRepository, type NewPlanItem, type NewReport } from './report.repository';

function item(path: string, n: number, children: NewPlanItem[] = []): NewPlanItem {
  return {
    path,
    title: `第${path}项 推进“枫桥式”司法所建设 <i>${n}</i>`,
    body: `全年开展普法活动${n}场，覆盖率达到95%以上；由区司法局牵头，区法院、各镇街配合。`,
    owner: n % 3 === 0 ? null : '区司法局',
    coOwners: n % 2 === 0 ? ['区法院', '各镇街'] : [],
    dueDate: n % 4 === 0 ? null : `2025-${String(1 + (n % 12)).padStart(2, '0')}-28`,
    deadlines: n % 4 === 0 ? [] : ['6月底前'],
    targets: n % 2 === 0 ? [{ text: '95%以上', metric: '覆盖率', op: '>=', value: 95, unit: '%' }] : [],
    recurrence: n % 5 === 0 ? 'quarterly' : null,
    actions: [{ text: '开展普法活动', start: 0, end: 6, deadlines: [], targets: [] }],
    verifiability: n % 2 === 0 ? { score: 0.8, reasons: ['有量化指标'] } : null,
    startOffset: n * 10,
    endOffset: n * 10 + 9,
    children,
  };
}

describe.each(databaseTargets())('ReportRepository.insertWithItems on %s', (target) => {
  let db: MigratedDatabase;
  let ds: DataSource;
  let bureauId: number;

  const newReport = (contentHash: string): NewReport => ({
    bureauId,
    reportYear: 2024,
    planYear: 2025,
    title: '2024年法治政府建设年度报告',
    publishDate: '2025-01-20',
    sourceUrl: null,
    contentHash,
    revision: 1,
    encoding: 'gbk',
    rawText: '正文',
    parserVersion: 'test',
    sections: [{ kind: 'plan', heading: '2025年工作安排', start: 0, end: 2 }],
    warnings: ['W: 提示'],
  });

  beforeAll(async () => {
    db = await openMigratedDatabase(target);
    ds = db.ds;
    bureauId = (await new BureauRepository(ds).create({ name: '某区司法局' })).id;
  });

  afterAll(async () => {
    await db?.close();
  });

  it('stores the report and every item of a three-level tree (more rows in a level than one INSERT takes) as the entities read them', async () => {
    let n = 0;
    const tree = Array.from({ length: 450 }, (_, i) =>
      item(
        String(i + 1),
        n++,
        i % 50 === 0 ? [item(`${i + 1}.1`, n++, [item(`${i + 1}.1.1`, n++)]), item(`${i + 1}.2`, n++)] : [],
      ),
    );
    const flat: Array<{ item: NewPlanItem; parentPath: string | null }> = [];
    const walk = (list: NewPlanItem[], parentPath: string | null) =>
      list.forEach((i) => (flat.push({ item: i, parentPath }), walk(i.children, i.path)));
    walk(tree, null);

    const { report, itemCount } = await ds.transaction((m) =>
      new ReportRepository(m).insertWithItems(newReport('a'), tree),
    );
    expect(itemCount).toBe(flat.length);
    const stored = await ds.getRepository(Report).findOneByOrFail({ id: report.id });
    expect(report).toEqual(stored);
    expect(report.createdAt).toBeInstanceOf(Date);

    const rows = await ds.getRepository(PlanItem).find({ where: { reportId: report.id } });
    const byPath = new Map(rows.map((r) => [r.path, r]));
    expect(byPath.size).toBe(flat.length);
    for (const { item: expected, parentPath } of flat) {
      const { children: _children, ...fields } = expected;
      const row = byPath.get(expected.path)!;
      expect(row).toMatchObject({
        ...fields,
        reportId: report.id,
        bureauId,
        planYear: 2025,
        status: 'planned',
        assigneeId: null,
        version: 1,
        supersededById: null,
        originalDueDate: null,
      });
      expect(row.parentId).toBe(parentPath === null ? null : byPath.get(parentPath)!.id);
      expect(row.createdAt).toBeInstanceOf(Date);
    }
  });

  it('refuses a tree whose paths repeat, and the transaction leaves nothing behind', async () => {
    const before = await ds.getRepository(PlanItem).count();
    await expect(
      ds.transaction((m) =>
        new ReportRepository(m).insertWithItems(newReport('b'), [item('1', 1, [item('1.1', 2)]), item('1.1', 3)]),
      ),
    ).rejects.toThrow(/Duplicate plan item path 1\.1/);
    expect(await ds.getRepository(Report).countBy({ contentHash: 'b' })).toBe(0);
    expect(await ds.getRepository(PlanItem).count()).toBe(before);
  });
});
