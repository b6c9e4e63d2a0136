import { hashPassword, verifyPassword } from './password.util';

describe('password.util', () => {
  describe(hashPassword.name, () => {
    it('produces a salted scrypt hash that differs for the same password', async () => {
      const [a, b] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')]);
      expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(a).not.toBe(b);
    });
  });

  describe(verifyPassword.name, () => {
    it('accepts the right password and rejects a wrong one', async () => {
      const hash = await hashPassword('正确的密码123');
      await expect(verifyPassword('正确的密码123', hash)).resolves.toBe(true);
      await expect(verifyPassword('正确的密码124', hash)).resolves.toBe(false);
    });

    it('returns false for a malformed hash instead of throwing', async () => {
      await expect(verifyPassword('x', 'not-a-hash')).resolves.toBe(false);
      await expect(verifyPassword('x', 'scrypt$a$b$c$$')).resolves.toBe(false);
    });
  });
});
