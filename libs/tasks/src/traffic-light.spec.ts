import fc from 'fast-check';
import { daysBetween, isOverdue, shanghaiToday, trafficLight } from './traffic-light';

describe(shanghaiToday.name, () => {
  const reference = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });

  it('gives the date Intl gives for any instant, however the calls follow each other', () => {
    // Instants around Shanghai midnights (16:00 UTC), a millisecond apart, and anywhere else.
    const midnight = fc
      .integer({ min: 0, max: 40_000 })
      .chain((day) => fc.integer({ min: -1500, max: 1500 }).map((ms) => Date.UTC(1990, 0, 1 + day, 16) + ms));
    const instant = fc.oneof(midnight, fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }));
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (instants) => {
        for (const ms of instants) expect(shanghaiToday(new Date(ms))).toBe(reference.format(new Date(ms)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe(trafficLight.name, () => {
  // 2025-03-10 20:00 UTC is already 2025-03-11 in Asia/Shanghai.
  const now = new Date('2025-03-10T20:00:00Z');

  it('uses the Asia/Shanghai calendar date', () => {
    expect(shanghaiToday(now)).toBe('2025-03-11');
  });

  it('is red when an open task is past its due date', () => {
    expect(trafficLight({ status: 'in_progress', dueDate: '2025-03-10', lastActivityAt: now }, now)).toBe('red');
  });

  it('is yellow when due within 7 days', () => {
    expect(trafficLight({ status: 'planned', dueDate: '2025-03-18', lastActivityAt: now }, now)).toBe('yellow');
    expect(trafficLight({ status: 'planned', dueDate: '2025-03-19', lastActivityAt: now }, now)).toBe('green');
  });

  it('is yellow when nothing happened for 30 days', () => {
    expect(
      trafficLight(
        { status: 'in_progress', dueDate: '2025-12-31', lastActivityAt: new Date('2025-02-01T00:00:00Z') },
        now,
      ),
    ).toBe('yellow');
  });

  it('has no light for closed or dropped tasks', () => {
    expect(trafficLight({ status: 'closed', dueDate: '2020-01-01', lastActivityAt: null }, now)).toBeNull();
    expect(isOverdue({ status: 'dropped', dueDate: '2020-01-01', lastActivityAt: null }, '2025-01-01')).toBe(false);
  });

  it('counts days between calendar dates', () => {
    expect(daysBetween('2025-02-27', '2025-03-01')).toBe(2);
  });
});
