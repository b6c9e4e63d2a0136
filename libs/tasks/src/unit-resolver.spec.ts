import {
  mentionsOf,
  namesLookedUp,
  placeStarts,
  regionParts,
  resolveUnits,
  type DirectoryBureau,
} from './unit-resolver';

const directory: DirectoryBureau[] = [
  { id: 1, name: '杭州市西湖区司法局', region: '浙江省杭州市西湖区', aliases: ['西湖区司法局'] },
  { id: 2, name: '杭州市西湖区财政局', region: '浙江省杭州市西湖区', aliases: [] },
  { id: 3, name: '杭州市公安局', region: '浙江省杭州市', aliases: [] },
  { id: 4, name: '西湖区人民政府办公室', region: '浙江省杭州市西湖区', aliases: [] },
  { id: 5, name: '杭州市上城区财政局', region: '浙江省杭州市上城区', aliases: [] },
  { id: 6, name: '平川县司法局', region: '某省某市平川县', aliases: [] },
  { id: 7, name: '平川县市场监督管理局', region: '某省某市平川县', aliases: ['平川县市场监管局'] },
  { id: 8, name: '北京市朝阳区司法局', region: '北京市朝阳区', aliases: [] },
  { id: 9, name: '北京市朝阳区城市管理委员会', region: '北京市朝阳区', aliases: [] },
];
const xihu = directory[0];

const resolve = (units: string[], lead: DirectoryBureau | null = xihu) =>
  resolveUnits(units, lead, directory).map((r) => [r.unit, r.bureauId, r.how]);

describe('regionParts', () => {
  it('splits a region into its place names, widest first', () => {
    expect(regionParts('浙江省杭州市西湖区')).toEqual(['浙江省', '杭州市', '西湖区']);
    expect(regionParts('内蒙古自治区呼和浩特市新城区')).toEqual(['内蒙古自治区', '呼和浩特市', '新城区']);
    expect(regionParts('浙江省宁波市镇海区')).toEqual(['浙江省', '宁波市', '镇海区']);
    expect(regionParts('上海市浦东新区')).toEqual(['上海市', '浦东新区']);
  });
});

describe('resolveUnits', () => {
  it('matches full names and aliases', () => {
    expect(resolve(['杭州市西湖区财政局', '西湖区司法局'])).toEqual([
      ['杭州市西湖区财政局', 2, 'name'],
      ['西湖区司法局', 1, 'name'],
    ]);
  });

  it('reads 区/市 relative to the lead bureau’s place', () => {
    expect(resolve(['区财政局', '市公安局'])).toEqual([
      ['区财政局', 2, 'relative'],
      ['市公安局', 3, 'relative'],
    ]);
    // The same words in another district's report name that district's bureau.
    const shangcheng = { id: 99, name: '杭州市上城区司法局', region: '浙江省杭州市上城区', aliases: [] };
    expect(resolve(['区财政局'], shangcheng)).toEqual([['区财政局', 5, 'relative']]);
  });

  it('expands 政府 to 人民政府 and reads a county’s 县', () => {
    expect(resolve(['区政府办公室'])).toEqual([['区政府办公室', 4, 'relative']]);
    expect(resolve(['县市场监管局', '县司法局'], directory[5])).toEqual([
      ['县市场监管局', 7, 'relative'],
      ['县司法局', 6, 'relative'],
    ]);
  });

  it('reads a municipality’s district', () => {
    expect(resolve(['区城市管理委员会'], directory[7])).toEqual([['区城市管理委员会', 9, 'relative']]);
  });

  it('never resolves collective units, unknown names or a relative unit without a lead', () => {
    expect(resolve(['各有关部门', '各镇街', '乡镇人民政府按职责分工分别负责', '区委宣传部', '成员单位'])).toEqual([
      ['各有关部门', null, 'collective'],
      ['各镇街', null, 'collective'],
      ['乡镇人民政府按职责分工分别负责', null, 'collective'],
      ['区委宣传部', null, 'unknown'],
      ['成员单位', null, 'collective'],
    ]);
    expect(resolve(['区财政局'], null)).toEqual([['区财政局', null, 'unknown']]);
  });

  it('refuses to choose between two bureaus printed under one name', () => {
    const twice = [...directory, { id: 10, name: '另一财政局', region: null, aliases: ['杭州市西湖区财政局'] }];
    expect(resolveUnits(['区财政局'], xihu, twice)).toEqual([{ unit: '区财政局', bureauId: null, how: 'ambiguous' }]);
  });

  it('tolerates spaces, brackets and a trailing 等', () => {
    expect(resolve([' 区财政局等', '（市公安局）'])).toEqual([
      [' 区财政局等', 2, 'relative'],
      ['（市公安局）', 3, 'relative'],
    ]);
  });
});

describe('mentionsOf', () => {
  const units = [
    '区财政局',
    '市公安局',
    '区政府办公室',
    '区人民政府办公室',
    '县市场监管局',
    '县司法局',
    '区城市管理委员会',
    '杭州市西湖区财政局',
    '西湖区司法局',
    '平川县市场监管局',
    '杭州市上城区财政局',
    '市财政局',
    '区司法局',
    '财政局',
    '杭州市政府',
    // The full spelling too: a mention by 政府 alone would miss it.
    '杭州市人民政府',
    '市人民政府',
    '北京市朝阳区司法局',
  ];
  const newcomers: DirectoryBureau[] = [
    { id: 20, name: '杭州市财政局', region: '浙江省杭州市', aliases: [] },
    { id: 21, name: '杭州市西湖区公安分局', region: '浙江省杭州市西湖区', aliases: ['西湖公安分局'] },
    { id: 22, name: '杭州市上城区司法局', region: '浙江省杭州市上城区', aliases: [] },
    { id: 23, name: '平川县财政局', region: '某省某市平川县', aliases: [] },
    { id: 24, name: '杭州市人民政府', region: '浙江省杭州市', aliases: [] },
    { id: 25, name: '杭州市西湖区财政局', region: '浙江省杭州市西湖区', aliases: [] },
    { id: 26, name: '朝阳区财政局', region: null, aliases: [] },
  ];

  it('names every task unit whose resolution a new bureau changes, and in whose tasks', () => {
    let changes = 0;
    for (const bureau of newcomers) {
      const mentions = mentionsOf(bureau, [...directory, bureau]);
      for (const lead of [...directory, bureau])
        for (const unit of units) {
          const before = resolveUnits([unit], lead, directory)[0];
          const after = resolveUnits([unit], lead, [...directory, bureau])[0];
          const changed = before.bureauId !== after.bureauId || before.how !== after.how;
          const covered = mentions.some(
            (m) => unit.includes(m.text) && (m.leadIds === null || m.leadIds.includes(lead.id)),
          );
          if (!changed) continue;
          changes++;
          expect({ bureau: bureau.name, lead: lead.name, unit, covered }).toMatchObject({ covered: true });
        }
    }
    // By name, relatively, by an alias, made ambiguous: the set-up exercises every way.
    expect(changes).toBeGreaterThan(10);
  });

  it('looks for the rest of a name only in the tasks of bureaus in its place', () => {
    const mentions = mentionsOf(newcomers[2], [...directory, newcomers[2]]);
    expect(mentions).toContainEqual({ text: '杭州市上城区司法局', leadIds: null });
    // 司法局 alone is looked for only in 上城区's tasks (its own and 上城区财政局's), not 西湖区's or 平川县's.
    expect(mentions).toContainEqual({ text: '司法局', leadIds: [5, 22] });
    expect(mentions.filter((m) => m.leadIds === null).map((m) => m.text)).toEqual(['杭州市上城区司法局']);
  });

  it('reads the place of a bureau without a region from its name', () => {
    const leads: DirectoryBureau[] = [
      { id: 30, name: '杭州市上城区公安分局', region: null, aliases: [] },
      { id: 31, name: '杭州市上城区人民法院', region: '', aliases: [] },
      { id: 32, name: '上城区人民检察院', region: null, aliases: [] },
    ];
    const bureau = newcomers[2];
    expect(mentionsOf(bureau, [...leads, bureau])).toEqual([
      { text: '杭州市上城区司法局', leadIds: null },
      { text: '上城区司法局', leadIds: [22, 30, 31] },
      { text: '司法局', leadIds: [22, 30, 31] },
    ]);
  });

  it('finds the places an alias begins with, not only the name', () => {
    const bureau: DirectoryBureau = { id: 40, name: '某市甲区财政局', region: '乙省某市甲区', aliases: ['甲区财政局'] };
    // In 丙市, 甲区 is a district of another name: only the alias begins with a chain of its places.
    const lead: DirectoryBureau = { id: 41, name: '丙市甲区司法局', region: '乙省丙市甲区', aliases: [] };
    expect(mentionsOf(bureau, [lead, bureau])).toContainEqual({ text: '财政局', leadIds: [40, 41] });
    expect(resolveUnits(['区财政局'], lead, [lead, bureau])).toEqual([
      { unit: '区财政局', bureauId: 40, how: 'relative' },
    ]);
  });

  it('gives the same mentions whatever else the directory holds', () => {
    // Bureaus in other places change nothing: the places that may begin a name are the same.
    const elsewhere: DirectoryBureau[] = Array.from({ length: 200 }, (_, i) => ({
      id: 100 + i,
      name: `某${i}市某${i}区司法局`,
      region: i % 3 === 0 ? null : `某省某${i}市某${i}区`,
      aliases: [],
    }));
    for (const bureau of newcomers)
      expect(mentionsOf(bureau, [...elsewhere, ...directory, bureau])).toEqual(
        mentionsOf(bureau, [...directory, bureau]),
      );
  });
});

describe('namesLookedUp', () => {
  const units = [
    '区财政局',
    '市公安局',
    '区政府办公室',
    '西湖区司法局',
    '县市场监管局',
    '平川县市场监管局',
    '各镇街',
    '财政局',
    '区城市管理委员会',
  ];

  it('names every bureau resolving may need: the bureaus with them resolve each unit as the whole directory does', () => {
    let resolved = 0;
    for (const lead of [...directory, null])
      for (const unit of units) {
        const names = namesLookedUp([unit], lead);
        const some = directory.filter((b) => [b.name, ...b.aliases].some((n) => names.includes(n)));
        const whole = resolveUnits([unit], lead, directory);
        expect({ lead: lead?.name, unit, resolved: resolveUnits([unit], lead, some) }).toEqual({
          lead: lead?.name,
          unit,
          resolved: whole,
        });
        if (whole[0].bureauId !== null) resolved++;
      }
    // Directly, relatively, through 政府 → 人民政府 and aliases: the set-up resolves many.
    expect(resolved).toBeGreaterThan(10);
  });

  it('asks for the relative spellings too when the unit is not a name', () => {
    expect(namesLookedUp(['区财政局'], xihu)).toEqual(
      expect.arrayContaining(['区财政局', '西湖区财政局', '杭州市西湖区财政局', '浙江省杭州市西湖区财政局']),
    );
    expect(namesLookedUp(['各有关部门'], xihu)).toEqual([]);
  });
});

describe('placeStarts', () => {
  it('gives the first two characters of each name once', () => {
    expect(placeStarts(['杭州市西湖区财政局', '杭州西湖财政', '西湖区财政局'])).toEqual(['杭州', '西湖']);
  });
});
