import { decodeTaskCursor, encodeTaskCursor, TASK_CURSOR_MAX_LENGTH } from './task-cursor';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('decodeTaskCursor', () => {
  it('reads back what encodeTaskCursor wrote, dated or not', () => {
    for (const cursor of [
      { dueDate: '2025-06-30', id: 17 },
      { dueDate: null, id: 2 ** 31 - 1 },
      { dueDate: '2024-02-29', id: 1 },
    ]) {
      const text = encodeTaskCursor(cursor);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(text.length).toBeLessThanOrEqual(TASK_CURSOR_MAX_LENGTH);
      expect(decodeTaskCursor(text)).toEqual(cursor);
    }
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'WyIyMDI1LTA2LTMwIiwxN10='],
    ['huge', 'A'.repeat(10_000)],
    ['not JSON', b64('[2025-06-30, 17')],
    ['an object', b64('{"dueDate":"2025-06-30","id":17}')],
    ['three fields', b64('["2025-06-30",17,1]')],
    ['an id of the wrong type', b64('["2025-06-30","17"]')],
    ['a fractional id', b64('["2025-06-30",1.5]')],
    ['a negative id', b64('["2025-06-30",-1]')],
    ['an id past integer range', b64('["2025-06-30",1e300]')],
    ['an impossible date', b64('["2025-02-30",17]')],
    ['a date with a time', b64('["2025-06-30T00:00:00Z",17]')],
    ['a nested array', b64('[["2025-06-30"],17]')],
    ['SQL in the date', b64(`["2025-06-30' OR 1=1 --",17]`)],
    ['spaces: another spelling of a position', b64('["2025-06-30", 17]')],
  ])('refuses %s', (_what, text) => {
    expect(decodeTaskCursor(text)).toBeNull();
  });

  it('refuses a cursor with a character changed', () => {
    const text = encodeTaskCursor({ dueDate: '2025-06-30', id: 17 });
    const tampered = `${text.slice(0, 5)}${text[5] === 'A' ? 'B' : 'A'}${text.slice(6)}`;
    expect(decodeTaskCursor(tampered)).toBeNull();
  });
});
