import fc from 'fast-check';
import { types } from 'pg';
import { parseTimestamp } from './pg-rows.util';

/** node-postgres's own parser of `timestamp` (1114) text: postgres-date. */
const pgParse = types.getTypeParser(1114, 'text') as (text: string) => Date | number | null;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Timestamp text as PostgreSQL writes it: trailing zeros of the fraction dropped, no fraction when it is zero. */
const timestampText = fc
  .record({
    year: fc.integer({ min: 1, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    micros: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999_999 })),
  })
  .map(({ year, month, day, hour, minute, second, micros }) => {
    const fraction = micros === 0 ? '' : `.${pad(micros, 6)}`.replace(/0+$/, '');
    return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)} ${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction}`;
  });

const same = (a: Date | number | null, b: Date | number | null) =>
  a instanceof Date && b instanceof Date ? Object.is(a.getTime(), b.getTime()) : Object.is(a, b);

// node-postgres reads `timestamp` as local time: the time zone of the process matters.
describe.each(['UTC', 'Asia/Shanghai', 'America/New_York'])(
  'parseTimestamp (the task list read on PostgreSQL), TZ=%s',
  (zone) => {
    const before = process.env.TZ;
    beforeAll(() => {
      process.env.TZ = zone;
    });
    afterAll(() => {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    });

    it('reads every timestamp PostgreSQL writes as node-postgres does', () => {
      fc.assert(
        fc.property(timestampText, (text) => {
          expect(same(parseTimestamp(text), pgParse(text))).toBe(true);
        }),
        { numRuns: 5000 },
      );
    });

    it.each([
      '2026-12-06 06:23:44.224512',
      '2026-12-06 06:23:44.2',
      '2026-12-06 06:23:44',
      '2024-02-29 23:59:59.999999',
      '2025-02-30 00:00:00',
      '0099-01-01 00:00:00',
      '0044-03-15 12:00:00 BC',
      'infinity',
      '-infinity',
      '2026-12-06 06:23:44+08',
      '2026-12-06T06:23:44',
      '2026-12-06 06:23:44.',
      '2026-12-06 06:23:4x',
      '12026-12-06 06:23:44',
    ])('%s: the same as node-postgres', (text) => {
      expect(same(parseTimestamp(text), pgParse(text))).toBe(true);
    });
  },
);
