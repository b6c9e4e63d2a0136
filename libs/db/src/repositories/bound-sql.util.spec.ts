import fc from 'fast-check';
import { readTimestamp } from './bound-sql.util';

/** What readTimestamp did before it read SQLite's own form by hand: the reference it must agree with. */
function viaDateParser(value: string): Date {
  const text = value.replace(' ', 'T');
  return new Date(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(text) ? `${text}Z` : text);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe(readTimestamp.name, () => {
  it("reads the text TypeORM writes to SQLite, and SQLite's own datetime('now'), as the instant it was", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        fc.boolean(),
        (date, withMs) => {
          const text = date.toISOString().replace('T', ' ').replace('Z', '');
          const instant = withMs ? date.getTime() : date.getTime() - date.getUTCMilliseconds();
          expect(readTimestamp(withMs ? text : text.slice(0, 19))?.getTime()).toBe(instant);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees with the date parser on any text of that shape, including impossible dates', () => {
    const field = (max: number, width: number) => fc.integer({ min: 0, max }).map((n) => pad(n, width));
    const shaped = fc
      .tuple(field(9999, 4), field(99, 2), field(99, 2), field(99, 2), field(99, 2), field(99, 2), field(999, 3))
      .chain(([y, mo, d, h, mi, s, ms]) =>
        fc.constantFrom(`${y}-${mo}-${d} ${h}:${mi}:${s}.${ms}`, `${y}-${mo}-${d} ${h}:${mi}:${s}`),
      );
    fc.assert(
      fc.property(shaped, (text) => {
        expect(readTimestamp(text)?.getTime()).toStrictEqual(viaDateParser(text).getTime());
      }),
      { numRuns: 5000 },
    );
    for (const text of [
      '2026-02-31 00:00:00.000',
      '2026-04-31 12:00:00.000',
      '2026-00-10 00:00:00.000',
      '2026-01-10 24:00:00.000',
      '0050-01-01 00:00:00.000',
      '2026-1a-01 00:00:00.000',
      '2026-02-31 00:00:00',
      '2026-01-10 12:00:6a',
      '2026-01-10 12:00:00.',
    ]) {
      expect(readTimestamp(text)?.getTime()).toStrictEqual(viaDateParser(text).getTime());
    }
  });

  it('reads the other forms through the date parser, and passes Dates and nulls through', () => {
    const date = new Date('2026-11-21T08:09:10.000Z');
    expect(readTimestamp('2026-11-21 08:09:10')).toEqual(date);
    expect(readTimestamp('2026-11-21T08:09:10.000Z')).toEqual(date);
    expect(readTimestamp(date)).toBe(date);
    expect(readTimestamp(null)).toBeNull();
    expect(readTimestamp(undefined)).toBeNull();
  });
});
