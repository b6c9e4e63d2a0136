import 'reflect-metadata';
import {
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  getMetadataStorage,
  registerDecorator,
  validateSync,
} from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata.cache';

class PageQuery {
  @IsOptional()
  @IsInt()
  @Min(1)
  page?: number;
}

class ListQuery extends PageQuery {
  @IsString()
  @MaxLength(5)
  q!: string;

  @IsInt({ groups: ['strict'] })
  @Max(10, { always: true })
  limit?: number;
}

function make<T extends object>(type: new () => T, values: Partial<T>): T {
  return Object.assign(new type(), values);
}

/** What validateSync reports, as comparable data. */
function errorsOf(value: object, groups?: string[]): Array<[string, string[]]> {
  return validateSync(value, groups ? { groups } : {}).map((e) => [
    e.property,
    Object.keys(e.constraints ?? {}).sort(),
  ]);
}

describe('cacheValidationMetadata', () => {
  const storage = getMetadataStorage();
  const inputs: Array<[object, string[] | undefined]> = [
    [make(ListQuery, { q: 'abc' }), undefined],
    [make(ListQuery, { q: 'toolong', page: 0, limit: 11 }), undefined],
    [make(ListQuery, { q: 'abc', limit: 2.5 }), ['strict']],
    [make(ListQuery, { q: 'abc', limit: 20 }), ['other']],
    [make(PageQuery, { page: -1 }), undefined],
  ];
  const before = inputs.map(([value, groups]) => errorsOf(value, groups));
  const lookupsBefore = [
    storage.getTargetValidationMetadatas(ListQuery, '', false, false),
    storage.getTargetValidationMetadatas(ListQuery, '', false, false, ['strict']),
    storage.getTargetValidationMetadatas(ListQuery, '', true, true),
  ];

  beforeAll(() => cacheValidationMetadata());

  it('answers exactly as class-validator did, inherited rules, groups and `always` included', () => {
    expect(inputs.map(([value, groups]) => errorsOf(value, groups))).toEqual(before);
    expect(before[1]).toEqual([
      ['q', ['maxLength']],
      ['limit', ['max']],
      ['page', ['min']],
    ]);
    expect([
      storage.getTargetValidationMetadatas(ListQuery, '', false, false),
      storage.getTargetValidationMetadatas(ListQuery, '', false, false, ['strict']),
      storage.getTargetValidationMetadatas(ListQuery, '', true, true),
    ]).toEqual(lookupsBefore);
  });

  it('works a class out once per option set, then answers from memory', () => {
    const first = storage.getTargetValidationMetadatas(ListQuery, '', false, false);
    expect(storage.getTargetValidationMetadatas(ListQuery, '', false, false)).toBe(first);
    expect(storage.getTargetValidationMetadatas(ListQuery, '', false, false, ['strict'])).not.toBe(first);
    expect(storage.getTargetValidationMetadatas(ListQuery, '', false, false, ['strict'])).toBe(
      storage.getTargetValidationMetadatas(ListQuery, '', false, false, ['strict']),
    );
  });

  it('sees a rule registered after a class was cached (the cache is dropped on registration)', () => {
    const cached = storage.getTargetValidationMetadatas(PageQuery, '', false, false);
    registerDecorator({
      name: 'isEven',
      target: PageQuery,
      propertyName: 'page',
      validator: { validate: (value: unknown) => typeof value === 'number' && value % 2 === 0 },
    });
    const after = storage.getTargetValidationMetadatas(PageQuery, '', false, false);
    expect(after).not.toBe(cached);
    expect(after.length).toBe(cached.length + 1);
    expect(errorsOf(make(PageQuery, { page: 3 }))).toEqual([['page', ['isEven']]]);
    // ...and so does the subclass that inherits it.
    expect(errorsOf(make(ListQuery, { q: 'abc', page: 3, limit: 5 }))).toEqual([['page', ['isEven']]]);
  });

  it('installs once however often it is called', () => {
    const lookup = storage.getTargetValidationMetadatas;
    expect(cacheValidationMetadata()).toBe(storage);
    expect(storage.getTargetValidationMetadatas).toBe(lookup);
  });
});
