import type { DataSource } from 'typeorm';
import { mentionsOf } from '@luoshi/tasks';
import { databaseTargets } from '../../../../test/support/test-env';
import { openMigratedDatabase, type MigratedDatabase } from '../../../../test/support/test-db';
import { reportRow, taskRow } from '../../../../test/support/rows';
import { PlanItem } from '../entities/plan-item.entity';
import { Report } from '../entities/report.entity';
import { BureauRepository } from './bureau.repository';
import { ParticipantRepository, mentioningSql } from './participant.repository';

describe.each(databaseTargets())('ParticipantRepository on %s', (target) => {
  let db: MigratedDatabase;
  let ds: DataSource;
  let bureaus: BureauRepository;
  let participants: ParticipantRepository;

  beforeAll(async () => {
    db = await openMigratedDatabase(target);
    ds = db.ds;
    bureaus = new BureauRepository(ds);
    participants = new ParticipantRepository(ds);
  });

  afterAll(async () => {
    await db?.close();
  });

  const report = async (bureauId: number, hash: string) =>
    (await ds.getRepository(Report).save(reportRow(bureauId, hash))).id;
  const task = async (reportId: number, bureauId: number, title: string, extra: Partial<PlanItem>) =>
    (await ds.getRepository(PlanItem).save(taskRow({ reportId, bureauId, title, dueDate: null }, extra))).id;

  describe('syncNewReport', () => {
    it('resolves the new report’s tasks, then the current tasks that name its new bureau, in task order', async () => {
      const xihu = await bureaus.create({ name: '杭州市西湖区司法局', region: '浙江省杭州市西湖区' });
      const shangcheng = await bureaus.create({ name: '杭州市上城区司法局', region: '浙江省杭州市上城区' });
      const ofXihu = await report(xihu.id, 'xihu');
      const ofShangcheng = await report(shangcheng.id, 'shangcheng');
      const relative = await task(ofXihu, xihu.id, '相对', { owner: '区财政局' });
      const byName = await task(ofShangcheng, shangcheng.id, '全称', { coOwners: ['杭州市西湖区财政局等'] });
      const elsewhere = await task(ofShangcheng, shangcheng.id, '别区', { owner: '区财政局' });
      const superseded = await task(ofXihu, xihu.id, '已替代', { owner: '区财政局' });
      await ds.getRepository(PlanItem).update({ id: superseded }, { supersededById: relative });
      await expect(participants.syncTasks([relative, byName, elsewhere, superseded])).resolves.toEqual([]);

      // An upload that creates 杭州市西湖区财政局, whose own task names 区司法局.
      const finance = await bureaus.create({ name: '杭州市西湖区财政局', region: '浙江省杭州市西湖区' });
      const ofFinance = await report(finance.id, 'finance');
      const own = await task(ofFinance, finance.id, '自身', { owner: '区司法局', coOwners: ['区财政局'] });

      await expect(participants.syncNewReport(ofFinance, finance)).resolves.toEqual([
        { taskId: own, before: [], after: [xihu.id] },
        { taskId: relative, before: [], after: [finance.id] },
        { taskId: byName, before: [], after: [finance.id] },
      ]);
      const of = async (id: number) => (await participants.forTask(id)).map((p) => [p.bureauId, p.unit, p.role]);
      await expect(of(relative)).resolves.toEqual([[finance.id, '区财政局', 'lead']]);
      await expect(of(byName)).resolves.toEqual([[finance.id, '杭州市西湖区财政局等', 'co']]);
      await expect(of(elsewhere)).resolves.toEqual([]);
      await expect(of(superseded)).resolves.toEqual([]);
      // Nothing is left to change: the same call again writes nothing.
      await expect(participants.syncNewReport(ofFinance, finance)).resolves.toEqual([]);
    });

    it('finds a bureau by an alias, and a unit that names two bureaus stays unresolved', async () => {
      const lead = await bureaus.create({ name: '青禾县司法局', region: '某省某市青禾县' });
      const market = await bureaus.create({
        name: '青禾县市场监督管理局',
        region: '某省某市青禾县',
        aliases: ['青禾县市场监管局'],
      });
      await bureaus.create({ name: '青禾县人民法院', region: '某省某市青禾县', aliases: ['青禾法院'] });
      await bureaus.create({ name: '青禾法院', region: '某省某市青禾县' });
      const ofLead = await report(lead.id, 'qinghe');
      const own = await task(ofLead, lead.id, '别名', { owner: '县市场监管局', coOwners: ['青禾法院'] });

      await expect(participants.syncNewReport(ofLead, null)).resolves.toEqual([
        { taskId: own, before: [], after: [market.id] },
      ]);
    });

    it('resolves many tasks of many bureaus at once as it resolves one', async () => {
      const finance = await bureaus.create({ name: '白石市东岸区财政局', region: '某省白石市东岸区' });
      const leads = await Promise.all(
        Array.from({ length: 3 }, (_, i) =>
          bureaus.create({ name: `白石市东岸区第${i}局`, region: '某省白石市东岸区' }),
        ),
      );
      const ids: number[] = [];
      for (const [i, lead] of leads.entries()) {
        const of = await report(lead.id, `dongan-${i}`);
        // Enough distinct units that the names to look up pass MAX_NAMES_LISTED: the whole directory is read.
        for (let k = 0; k < 40; k++)
          ids.push(
            await task(of, lead.id, `第${i}-${k}`, {
              owner: '区财政局',
              coOwners: Array.from({ length: 5 }, (_, j) => `区第${k}${j}办`),
            }),
          );
      }
      const changes = await participants.syncTasks(ids);
      expect(changes.map((c) => c.after)).toEqual(ids.map(() => [finance.id]));
    });

    it('leaves other tasks alone when the bureau already existed', async () => {
      const court = await bureaus.create({ name: '平川县人民法院', region: '某省某市平川县' });
      const lead = await bureaus.create({ name: '平川县司法局', region: '某省某市平川县' });
      const earlier = await task(await report(lead.id, 'pingchuan-1'), lead.id, '早先', { owner: '县人民法院' });
      const ofLead = await report(lead.id, 'pingchuan-2');
      const own = await task(ofLead, lead.id, '本次', { coOwners: ['县人民法院'] });

      await expect(participants.syncNewReport(ofLead, null)).resolves.toEqual([
        { taskId: own, before: [], after: [court.id] },
      ]);
      await expect(participants.forTask(earlier)).resolves.toEqual([]);
    });
  });
});

describe('mentioningSql on SQLite', () => {
  let db: MigratedDatabase;

  beforeAll(async () => {
    db = await openMigratedDatabase('sqlite');
  });

  afterAll(async () => {
    await db?.close();
  });

  it('reads the covering index of the units, never the tasks’ rows', async () => {
    const bureau = { id: 2, name: '杭州市西湖区财政局', region: '浙江省杭州市西湖区', aliases: [] };
    const lead = { id: 1, name: '杭州市西湖区司法局', region: '浙江省杭州市西湖区', aliases: [] };
    const query = mentioningSql(mentionsOf(bureau, [lead, bureau]), false)!;
    expect(query.sql).toContain('"bureauId" IN');
    const plan: Array<{ detail: string }> = await db.ds.query(`EXPLAIN QUERY PLAN ${query.sql}`, query.params);
    expect(plan.map((step) => step.detail)).toEqual([
      'SEARCH plan_item USING COVERING INDEX ix_plan_item_units (supersededById=?)',
    ]);
  });

  it('is null when there is nothing to look for', () => {
    expect(mentioningSql([], false)).toBeNull();
  });
});
