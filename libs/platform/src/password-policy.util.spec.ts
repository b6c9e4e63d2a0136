import { MIN_PASSWORD_LENGTH, passwordProblem, temporaryPassword } from './password-policy.util';

describe(passwordProblem.name, () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblem('西湖区司法局-督办-2025')).toBeNull();
    expect(passwordProblem('correct horse battery')).toBeNull();
  });

  it(`refuses fewer than ${MIN_PASSWORD_LENGTH} characters, in Chinese and English`, () => {
    expect(passwordProblem('short-pw1')).toEqual({
      message: expect.stringContaining('at least 10'),
      messageZh: '密码至少10位',
    });
  });

  it('refuses well-known passwords whatever their case, and one character repeated', () => {
    for (const common of [
      '1234567890',
      'Password123',
      'QWERTYUIOP',
      'woaini1314',
      'aaaaaaaaaaaa',
      '六六六六六六六六六六',
    ]) {
      expect(passwordProblem(common)).toMatchObject({ messageZh: '密码过于常见，请换一个' });
    }
  });

  it('refuses a password longer than 200 characters', () => {
    expect(passwordProblem('x1'.repeat(101))).toMatchObject({ messageZh: '密码最多200位' });
  });
});

describe(temporaryPassword.name, () => {
  it('gives 14 unambiguous characters the policy accepts, different each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const password = temporaryPassword();
      expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{14}$/);
      expect(passwordProblem(password)).toBeNull();
      seen.add(password);
    }
    expect(seen.size).toBe(50);
  });

  it('draws again when a draw would be refused (one character repeated)', () => {
    const draws = [...Array<number>(14).fill(0), ...Array.from({ length: 14 }, (_, i) => i)];
    expect(temporaryPassword(() => draws.shift()!)).toBe('abcdefghjkmnpq');
  });
});
