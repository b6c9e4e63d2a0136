import type { DataSource } from 'typeorm';
import { databaseTargets } from '../../../../test/support/test-env';
import { openMigratedDatabase, type MigratedDatabase } from '../../../../test/support/test-db';
import { Bureau } from '../entities/bureau.entity';
import { BureauRepository } from './bureau.repository';

describe.each(databaseTargets())('BureauRepository.subtreeIds on %s', (target) => {
  let db: MigratedDatabase;
  let ds: DataSource;
  let bureaus: BureauRepository;

  beforeAll(async () => {
    db = await openMigratedDatabase(target);
    ds = db.ds;
    bureaus = new BureauRepository(ds);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('gives the root first and every bureau below it, at any depth, and nothing beside it', async () => {
    const province = await bureaus.create({ name: '某省司法厅' });
    const city = await bureaus.create({ name: '某市司法局', parentId: province.id });
    const other = await bureaus.create({ name: '另一市司法局', parentId: province.id });
    const district = await bureaus.create({ name: '某区司法局', parentId: city.id });
    const office = await bureaus.create({ name: '某街道司法所', parentId: district.id });
    await bureaus.create({ name: '另一区司法局', parentId: other.id });

    const ofCity = await bureaus.subtreeIds(city.id);
    expect(ofCity[0]).toBe(city.id);
    expect([...ofCity].sort((a, b) => a - b)).toEqual([city.id, district.id, office.id]);
    expect(await bureaus.subtreeIds(office.id)).toEqual([office.id]);
    expect(await bureaus.subtreeIds(province.id)).toHaveLength(6);
    expect(await bureaus.subtreeIds(99_999)).toEqual([99_999]);
  });

  it('gives the lineage of a bureau: the bureaus above it, nearest first, and every bureau below, no siblings', async () => {
    const province = await bureaus.create({ name: '云岭省司法厅' });
    const city = await bureaus.create({ name: '云岭省栖川市司法局', parentId: province.id });
    const sibling = await bureaus.create({ name: '云岭省白石市司法局', parentId: province.id });
    const district = await bureaus.create({ name: '栖川市青禾区司法局', parentId: city.id });
    await bureaus.create({ name: '白石市东岸区司法局', parentId: sibling.id });
    const ids = async (id: number) => {
      const { ancestors, descendants } = await bureaus.lineage(id);
      return { ancestors: ancestors.map((b) => b.id), descendants: descendants.map((b) => b.id) };
    };
    await expect(ids(city.id)).resolves.toEqual({ ancestors: [province.id], descendants: [district.id] });
    await expect(ids(district.id)).resolves.toEqual({ ancestors: [city.id, province.id], descendants: [] });
    await expect(ids(99_999)).resolves.toEqual({ ancestors: [], descendants: [] });
  });

  it('stops at a cycle someone wrote into the table by hand', async () => {
    const a = await bureaus.create({ name: '甲' });
    const b = await bureaus.create({ name: '乙', parentId: a.id });
    await ds.query(
      ds.options.type === 'postgres'
        ? 'UPDATE "bureau" SET "parentId" = $1 WHERE "id" = $2'
        : 'UPDATE "bureau" SET "parentId" = ? WHERE "id" = ?',
      [b.id, a.id],
    );
    expect([...(await bureaus.subtreeIds(a.id))].sort((x, y) => x - y)).toEqual([a.id, b.id]);
    await expect(bureaus.lineage(a.id)).resolves.toMatchObject({ ancestors: [{ id: b.id }], descendants: [] });
  });

  it('creates a bureau as the entity reads it back, and finds it by name or by an exact alias only', async () => {
    const created = await bureaus.create({
      name: '赣州市章贡区司法局',
      region: '江西省赣州市章贡区',
      level: 'district',
      aliases: ['章贡区司法局', '区司法局_%'],
    });
    expect(created).toEqual(await ds.getRepository(Bureau).findOneByOrFail({ id: created.id }));
    expect(created.createdAt).toBeInstanceOf(Date);
    expect((await bureaus.findByNameOrAlias('赣州市章贡区司法局'))?.id).toBe(created.id);
    expect((await bureaus.findByNameOrAlias('章贡区司法局'))?.id).toBe(created.id);
    expect((await bureaus.findByNameOrAlias('区司法局_%'))?.id).toBe(created.id);
    // Contained in an alias, or wildcards that would match one, are not aliases.
    for (const near of ['贡区司法局', '区司法局__', '区司法局%%', '%'])
      expect(await bureaus.findByNameOrAlias(near)).toBeNull();
    await expect(bureaus.create({ name: '赣州市章贡区司法局' })).rejects.toThrow();
  });
});
