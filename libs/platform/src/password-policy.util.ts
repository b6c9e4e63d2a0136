import { randomInt as cryptoRandomInt } from 'node:crypto';

/** The shortest password luoshi accepts (NIST SP 800-63B asks for at least 8; bureaus' own rules often 10). */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

// The ten-character-and-longer passwords at the top of public breach lists, and the shapes Chinese
// users reach for (拼音, 1314, keyboard walks). A short list is enough: the rate limits stop guessing
// beyond it, and a full breach corpus (zxcvbn's ~30 MB) is more than this check is worth.
const COMMON = new Set([
  '1234567890',
  '12345678910',
  '123456789a',
  'a123456789',
  '0123456789',
  '9876543210',
  '1111111111',
  'qwertyuiop',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'qazwsxedcrfv',
  'zaq12wsxcde3',
  'asdfghjkl;',
  'abcdefghij',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  'p@ssw0rd123',
  'admin12345',
  'admin123456',
  'administrator',
  'qwerty12345',
  'qwerty123456',
  'iloveyou12',
  'woaini1314',
  'woaini520520',
  '5201314520',
  'a1b2c3d4e5',
  'aa123456789',
  'abc1234567',
  'abcd123456',
  'changeme123',
  'welcome123',
  'letmein123',
  'zhang123456',
  'wang1234567',
  'li123456789',
  'test123456',
  'luoshi123456',
  'luoshi12345',
]);

/**
 * Why a password is refused, in Chinese and English, or null when it is acceptable: at least
 * {@link MIN_PASSWORD_LENGTH} characters, not one character repeated, not a well-known password.
 */
export function passwordProblem(password: string): { message: string; messageZh: string } | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return {
      message: `The password must have at least ${MIN_PASSWORD_LENGTH} characters`,
      messageZh: `密码至少${MIN_PASSWORD_LENGTH}位`,
    };
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return {
      message: `The password must have at most ${MAX_PASSWORD_LENGTH} characters`,
      messageZh: `密码最多${MAX_PASSWORD_LENGTH}位`,
    };
  }
  if (/^(.)\1*$/su.test(password) || COMMON.has(password.toLowerCase())) {
    return { message: 'This password is too common; choose another', messageZh: '密码过于常见，请换一个' };
  }
  return null;
}

/** Letters and digits that cannot be misread for one another when read aloud or copied by hand (no 0/O, 1/l/I). */
const TEMPORARY_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A one-time password an administrator hands over after a reset: 14 characters drawn uniformly
 * from {@link TEMPORARY_ALPHABET} with `randomInt` (about 80 bits), always acceptable to
 * {@link passwordProblem}. `randomInt` is injectable for tests.
 */
export function temporaryPassword(randomInt: (max: number) => number = cryptoRandomInt): string {
  for (;;) {
    let password = '';
    for (let i = 0; i < 14; i++) password += TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)];
    if (passwordProblem(password) === null) return password;
  }
}
