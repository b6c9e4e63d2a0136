import type { UserIdentity } from '@luoshi/db';
import type { Actor } from './actor.types';
import { IdentityFold } from './identity-fold';

const IDENTITY: UserIdentity = {
  id: 7,
  email: 'a@example.gov.cn',
  displayName: '甲',
  role: 'staff',
  bureauId: 3,
  tokenVersion: 0,
  mustChangePassword: false,
  disabled: false,
  treeVersion: 1,
};
const ACTOR: Actor = {
  userId: 7,
  email: 'a@example.gov.cn',
  displayName: '甲',
  role: 'staff',
  bureauId: 3,
  treeVersion: 1,
  mustChangePassword: false,
  via: 'login',
};

function foldWith(readAlone: () => Promise<Actor | null>) {
  const seen: Array<UserIdentity | null> = [];
  const fold = new IdentityFold(
    7,
    (identity) => {
      seen.push(identity);
      return identity && !identity.disabled ? ACTOR : null;
    },
    readAlone,
  );
  return { fold, seen };
}

describe('IdentityFold', () => {
  it('gives the handler the user id and answers with the identity its read returned, without reading alone', async () => {
    const readAlone = jest.fn(async () => ACTOR);
    const { fold, seen } = foldWith(readAlone);
    const result = await fold.readWith(async (userId) => ({ userId, identity: { ...IDENTITY, disabled: true } }));
    expect(result.userId).toBe(7);
    expect(seen).toEqual([{ ...IDENTITY, disabled: true }]);
    await expect(fold.actor()).resolves.toBeNull();
    expect(readAlone).not.toHaveBeenCalled();
    expect(fold.open).toBe(false);
  });

  it('reads the identity alone when the handler left it (a refused request), and is then closed to handlers', async () => {
    const readAlone = jest.fn(async () => ACTOR);
    const { fold } = foldWith(readAlone);
    await expect(fold.actor()).resolves.toBe(ACTOR);
    expect(readAlone).toHaveBeenCalledTimes(1);
    expect(fold.open).toBe(false);
    await expect(fold.readWith(async () => ({ identity: IDENTITY }))).rejects.toThrow('already used');
  });

  it('is taken once: a handler run again cannot read through it', async () => {
    const { fold } = foldWith(async () => ACTOR);
    await fold.readWith(async () => ({ identity: IDENTITY }));
    await expect(fold.readWith(async () => ({ identity: IDENTITY }))).rejects.toThrow('already used');
    await expect(fold.actor()).resolves.toBe(ACTOR);
  });

  it('fails the fresh identity with the read that failed, so nothing is answered on the cached one', async () => {
    const readAlone = jest.fn(async () => ACTOR);
    const { fold } = foldWith(readAlone);
    const broken = new Error('connection reset');
    await expect(
      fold.readWith(async () => {
        throw broken;
      }),
    ).rejects.toBe(broken);
    await expect(fold.actor()).rejects.toBe(broken);
    expect(readAlone).not.toHaveBeenCalled();
  });
});
