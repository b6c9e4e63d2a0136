import { bureauClearlyDiffers, placeOfBureau, placeTokens, relateBureaus } from './bureau-names.util';

describe(placeOfBureau.name, () => {
  it.each([
    ['杭州市西湖区司法局', '杭州市西湖区'],
    ['成都市武侯区人民政府', '成都市武侯区'],
    ['中共杭州市委全面依法治市委员会办公室', '杭州市'],
    ['区司法局', '区'],
    ['司法局', ''],
  ])('reads the place of %s as %s', (name, place) => {
    expect(placeOfBureau(name)).toBe(place);
  });
});

describe(placeTokens.name, () => {
  it.each([
    ['浙江省杭州市西湖区司法局', ['浙江', '杭州', '西湖']],
    ['赣州市司法局', ['赣州']],
    ['内蒙古自治区呼和浩特市司法局', ['内蒙古', '呼和浩特']],
    ['恩施土家族苗族自治州司法局', ['恩施土家族苗族']],
    ['济南市市中区司法局', ['济南', '市中']],
    ['保定市易县人民政府', ['保定', '易']],
    ['青禾县白石镇人民政府', ['青禾', '白石']],
    ['云岭街道办事处', ['云岭']],
    ['區司法局', []],
  ])('splits %s into %j', (name, tokens) => {
    expect(placeTokens(name)).toEqual(tokens);
  });
});

describe(relateBureaus.name, () => {
  const xihu = { name: '杭州市西湖区司法局', region: '浙江省杭州市西湖区' };

  it.each([
    ['the same name', { name: '杭州市西湖区司法局' }, 'same'],
    ['the district without its city', { name: '西湖区司法局' }, 'same'],
    ['the district government', { name: '西湖区人民政府' }, 'same'],
    ['traditional characters', { name: '杭州市西湖區司法局' }, 'same'],
    ['the city bureau', { name: '杭州市司法局' }, 'above'],
    ['the province', { name: '浙江省司法厅' }, 'above'],
    ['a town of the district', { name: '杭州市西湖区云岭街道办事处' }, 'below'],
    ['a name printed by level only', { name: '区司法局' }, 'unknown'],
    ['another city', { name: '赣州市司法局' }, 'unrelated'],
    ['a sibling district of the same city', { name: '杭州市上城区司法局', region: '浙江省杭州市上城区' }, 'unrelated'],
    ['another province', { name: '成都市武侯区人民政府', region: '四川省成都市武侯区' }, 'unrelated'],
    ['a county of another city in the province', { name: '宁波市青禾县司法局', region: '浙江省宁波市' }, 'unrelated'],
  ])('places %s as %s the uploader', (_what, other, relation) => {
    expect(relateBureaus(other, xihu)).toBe(relation);
  });

  it('is symmetric: above one way, below the other', () => {
    expect(relateBureaus(xihu, { name: '杭州市司法局' })).toBe('below');
    expect(relateBureaus(xihu, { name: '区司法局' })).toBe('unknown');
  });

  it('sees a county-level city printed under its province or its prefecture as one place', () => {
    expect(relateBureaus({ name: '浙江省义乌市司法局' }, { name: '金华市义乌市司法局' })).toBe('same');
  });

  it('reads aliases as names of the same bureau', () => {
    expect(relateBureaus({ name: '栖川区司法局' }, { name: '云岭市司法局', aliases: ['云岭市栖川区司法局'] })).toBe(
      'same',
    );
  });
});

describe(bureauClearlyDiffers.name, () => {
  const city = { name: '杭州市司法局', region: '浙江省杭州市' };
  const xihu = { name: '杭州市西湖区司法局', region: '浙江省杭州市西湖区' };
  const town = { name: '云岭街道办事处' };

  it('differs for another city or a sibling district, not for the bureau, above it or below it', () => {
    expect(bureauClearlyDiffers({ name: '赣州市司法局', region: '江西省赣州市' }, xihu, { ancestors: [city] })).toBe(
      true,
    );
    expect(bureauClearlyDiffers({ name: '杭州市上城区司法局' }, xihu, { ancestors: [city] })).toBe(true);
    expect(bureauClearlyDiffers({ name: '西湖区司法局' }, xihu, { ancestors: [city] })).toBe(false);
    expect(bureauClearlyDiffers({ name: '浙江省司法厅' }, xihu)).toBe(false);
  });

  it('finds the named bureau among the ancestors and descendants luoshi keeps', () => {
    // The district's own name gives no city: only the hierarchy says 杭州市司法局 is above it.
    const bare = { name: '西湖区司法局' };
    expect(bureauClearlyDiffers({ name: '杭州市司法局' }, bare)).toBe(true);
    expect(bureauClearlyDiffers({ name: '杭州市司法局' }, bare, { ancestors: [city] })).toBe(false);
    expect(bureauClearlyDiffers({ name: '云岭街道办事处' }, xihu, { descendants: [town] })).toBe(false);
    expect(bureauClearlyDiffers({ name: '云岭街道办事处' }, xihu)).toBe(true);
  });

  it('never differs clearly for an absent or placeless name, or a placeless bureau', () => {
    expect(bureauClearlyDiffers({ name: '' }, xihu)).toBe(false);
    expect(bureauClearlyDiffers({ name: '司法局' }, xihu)).toBe(false);
    expect(bureauClearlyDiffers({ name: '赣州市司法局' }, { name: '市司法局' })).toBe(false);
  });
});
