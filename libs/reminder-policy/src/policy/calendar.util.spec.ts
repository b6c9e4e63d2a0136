import fc from 'fast-check';
import {
  addDays,
  calendarSource,
  isWorkingDay,
  missingCalendarYears,
  setCalendarEntries,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
} from './calendar.util';

/** The obvious implementation the fast one must agree with. */
function addDaysByDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('calendar arithmetic', () => {
  it('adds days across months, leap years and centuries exactly as Date does, asked once or many times', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -800, max: 800 }), (date, days) => {
        expect(addDays(date, days)).toBe(addDaysByDate(date, days));
        expect(addDays(date, days)).toBe(addDaysByDate(date, days));
      }),
      { numRuns: 5000 },
    );
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('rejects a malformed date instead of inventing one', () => {
    expect(() => addDays('2026-1x-01', 1)).toThrow(RangeError);
  });

  it('knows PRC holidays and make-up working days, the same on every ask', () => {
    for (let i = 0; i < 3; i++) {
      expect(isWorkingDay('2026-10-01')).toBe(false); // National Day
      expect(isWorkingDay('2026-06-10')).toBe(true); // a Wednesday
      expect(isWorkingDay('2026-06-13')).toBe(false); // a Saturday
      expect(isWorkingDay('2026-10-10')).toBe(true); // a Saturday worked to make up for National Day
    }
    expect(workingDayOnOrBefore('2026-10-04')).toBe('2026-09-30');
    expect(workingDayOnOrAfter('2026-06-13')).toBe('2026-06-15');
  });
});

describe('a year the built-in holiday data does not cover', () => {
  afterEach(() => setCalendarEntries([]));

  it('is reported missing (today’s year or the next), and its days fall back to Monday–Friday', () => {
    expect(calendarSource(2026)).toBe('built-in');
    expect(calendarSource(2027)).toBe('missing');
    expect(missingCalendarYears('2026-12-05')).toEqual([2027]);
    expect(missingCalendarYears('2026-06-01')).toEqual([]);
    // 元旦 2027 is a Friday: with no data it is a working day, which is why the warning exists.
    expect(isWorkingDay('2027-01-01')).toBe(true);
    expect(isWorkingDay('2027-01-02')).toBe(false);
  });

  it('takes the holidays and make-up days an admin entered, and is then no longer missing', () => {
    setCalendarEntries([
      { date: '2027-01-01', working: false },
      { date: '2027-02-20', working: true }, // a Saturday made a working day (调休)
    ]);
    expect(calendarSource(2027)).toBe('entered');
    expect(missingCalendarYears('2026-12-05')).toEqual([]);
    expect(isWorkingDay('2027-01-01')).toBe(false);
    expect(isWorkingDay('2027-02-20')).toBe(true);
    expect(workingDayOnOrBefore('2027-01-01')).toBe('2026-12-31');
  });

  it('forgets entries that are replaced', () => {
    setCalendarEntries([{ date: '2027-01-01', working: false }]);
    expect(isWorkingDay('2027-01-01')).toBe(false);
    setCalendarEntries([]);
    expect(isWorkingDay('2027-01-01')).toBe(true);
  });
});
