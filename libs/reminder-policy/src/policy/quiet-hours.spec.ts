import { inQuietHours, isClockTime } from './quiet-hours';

/** An instant at HH:MM in Shanghai (UTC+8) on 2025-06-23. */
const at = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(Date.UTC(2025, 5, 23, h - 8, m));
};

describe('quiet hours', () => {
  it('holds from the start (included) to the end (excluded): 午休 12:00–14:00', () => {
    const lunch = { from: '12:00', to: '14:00' };
    expect(inQuietHours(at('11:59'), lunch)).toBe(false);
    expect(inQuietHours(at('12:00'), lunch)).toBe(true);
    expect(inQuietHours(at('13:59'), lunch)).toBe(true);
    expect(inQuietHours(at('14:00'), lunch)).toBe(false);
  });

  it('spans midnight when the end is earlier than the start', () => {
    const night = { from: '21:30', to: '08:30' };
    expect(inQuietHours(at('22:00'), night)).toBe(true);
    expect(inQuietHours(at('08:29'), night)).toBe(true);
    expect(inQuietHours(at('08:30'), night)).toBe(false);
    expect(inQuietHours(at('21:29'), night)).toBe(false);
  });

  it('means nothing when unset or when both ends are equal', () => {
    expect(inQuietHours(at('12:00'), null)).toBe(false);
    expect(inQuietHours(at('12:00'), { from: '12:00', to: '12:00' })).toBe(false);
  });

  it('reads only HH:MM clock times', () => {
    expect(['00:00', '23:59', '12:30'].every(isClockTime)).toBe(true);
    expect(['24:00', '7:00', '12:60', '12:00:00', '', 'noon'].some(isClockTime)).toBe(false);
  });
});
