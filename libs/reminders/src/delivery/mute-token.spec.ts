import { MUTE_TOKEN_TTL_DAYS, signMuteToken, verifyMuteToken } from './mute-token';

const SECRET = 'mute-token-secret-mute-token-secret-01';
const NOW = new Date('2026-03-01T02:00:00Z');

describe(verifyMuteToken.name, () => {
  it('reads back the user and task it was signed for', () => {
    expect(verifyMuteToken(signMuteToken(7, 42, SECRET, NOW), SECRET, NOW)).toEqual({
      ok: true,
      userId: 7,
      taskId: 42,
    });
  });

  it(`expires ${MUTE_TOKEN_TTL_DAYS} days after it was signed`, () => {
    const token = signMuteToken(7, 42, SECRET, NOW);
    const lastDay = new Date(NOW.getTime() + (MUTE_TOKEN_TTL_DAYS * 86_400 - 1) * 1000);
    expect(verifyMuteToken(token, SECRET, lastDay)).toMatchObject({ ok: true });
    expect(verifyMuteToken(token, SECRET, new Date(NOW.getTime() + MUTE_TOKEN_TTL_DAYS * 86_400_000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses another secret, another user, task or expiry, and the old three-part form', () => {
    const token = signMuteToken(7, 42, SECRET, NOW);
    const [user, task, expires, sig] = token.split('.');
    expect(verifyMuteToken(token, `${SECRET}x`, NOW)).toEqual({ ok: false, reason: 'invalid' });
    for (const forged of [
      `8.${task}.${expires}.${sig}`,
      `${user}.43.${expires}.${sig}`,
      `${user}.${task}.${Number(expires) + 86_400}.${sig}`,
      `${user}.${task}.${sig}`,
      '',
      'x'.repeat(500),
    ]) {
      expect(verifyMuteToken(forged, SECRET, NOW)).toEqual({ ok: false, reason: 'invalid' });
    }
  });
});
