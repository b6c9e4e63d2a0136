import { UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { ApiTokenRepository, UserIdentity, UserRepository } from '@luoshi/db';
import { ALLOWS_PENDING_PASSWORD } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import { TokenAuthService } from './token-auth.service';

const SECRET = 'unit-test-secret-unit-test-secret-0001';

function contextWith(authorization: string): {
  context: ExecutionContext;
  request: { headers: Record<string, string>; actor?: unknown };
} {
  const request = { headers: { authorization } };
  const context = {
    getHandler: () => ({}),
    getClass: () => ({}),
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('AuthGuard', () => {
  const jwt = new JwtService({ secret: SECRET });
  let users: Map<number, UserIdentity>;
  let guard: AuthGuard;
  let verifications: number;

  beforeEach(() => {
    users = new Map([
      [
        7,
        {
          id: 7,
          email: 'a@b.cn',
          displayName: '张三',
          role: 'staff',
          bureauId: 3,
          tokenVersion: 0,
          disabled: false,
          treeVersion: 1,
          mustChangePassword: false,
        },
      ],
    ]);
    const userRepo = { identity: async (id: number) => users.get(id) ?? null } as unknown as UserRepository;
    const counting = new JwtService({ secret: SECRET });
    verifications = 0;
    const verify = counting.verifyAsync.bind(counting);
    counting.verifyAsync = ((token: string, options?: object) => {
      verifications++;
      return verify(token, options);
    }) as JwtService['verifyAsync'];
    guard = new AuthGuard(new Reflector(), new TokenAuthService(counting, userRepo, {} as ApiTokenRepository));
  });

  it('checks a login token once, then trusts the verified copy while re-reading the user each time', async () => {
    const token = await jwt.signAsync({ sub: 7 }, { expiresIn: 3600 });
    for (let i = 0; i < 3; i++) {
      const { context, request } = contextWith(`Bearer ${token}`);
      await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(request.actor).toEqual({
        userId: 7,
        email: 'a@b.cn',
        displayName: '张三',
        role: 'staff',
        bureauId: 3,
        treeVersion: 1,
        mustChangePassword: false,
        via: 'login',
      });
    }
    expect(verifications).toBe(1);
    users.set(7, { ...users.get(7)!, role: 'supervisor' });
    const { context, request } = contextWith(`Bearer ${token}`);
    await guard.canActivate(context);
    expect(request.actor).toMatchObject({ role: 'supervisor' });
    users.delete(7);
    await expect(guard.canActivate(contextWith(`Bearer ${token}`).context)).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
  });

  it('never remembers a token past its own expiry, and never remembers a refused one', async () => {
    const shortLived = await jwt.signAsync({ sub: 7 }, { expiresIn: 2 });
    await guard.canActivate(contextWith(`Bearer ${shortLived}`).context);
    const remaining = (
      guard as unknown as { tokens: { verified: { getRemainingTTL(k: string): number } } }
    ).tokens.verified.getRemainingTTL(shortLived);
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(2000);

    const forged = await new JwtService({ secret: 'another-secret-another-secret-000002' }).signAsync(
      { sub: 7 },
      { expiresIn: 60 },
    );
    for (let i = 0; i < 2; i++)
      await expect(guard.canActivate(contextWith(`Bearer ${forged}`).context)).rejects.toBeInstanceOf(
        UnauthorizedException,
      );
    expect(verifications).toBe(3);
  });

  it('refuses a token of an older version, of a disabled user, without an expiry or with another algorithm', async () => {
    const current = await jwt.signAsync({ sub: 7, ver: 0 }, { expiresIn: 3600 });
    await expect(guard.canActivate(contextWith(`Bearer ${current}`).context)).resolves.toBe(true);
    users.set(7, { ...users.get(7)!, tokenVersion: 1 });
    await expect(guard.canActivate(contextWith(`Bearer ${current}`).context)).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
    const renewed = await jwt.signAsync({ sub: 7, ver: 1 }, { expiresIn: 3600 });
    await expect(guard.canActivate(contextWith(`Bearer ${renewed}`).context)).resolves.toBe(true);
    users.set(7, { ...users.get(7)!, disabled: true });
    await expect(guard.canActivate(contextWith(`Bearer ${renewed}`).context)).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
    users.set(7, { ...users.get(7)!, disabled: false });
    const forever = await jwt.signAsync({ sub: 7, ver: 1 });
    await expect(guard.canActivate(contextWith(`Bearer ${forever}`).context)).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
    const hs512 = await jwt.signAsync({ sub: 7, ver: 1 }, { expiresIn: 3600, algorithm: 'HS512' });
    await expect(guard.canActivate(contextWith(`Bearer ${hs512}`).context)).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 7, ver: 1, exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url')}.`;
    await expect(guard.canActivate(contextWith(`Bearer ${none}`).context)).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
  });

  it('lets a user whose password was reset reach only the routes marked for it', async () => {
    users.set(7, { ...users.get(7)!, mustChangePassword: true });
    const token = await jwt.signAsync({ sub: 7, ver: 0 }, { expiresIn: 3600 });
    await expect(guard.canActivate(contextWith(`Bearer ${token}`).context)).rejects.toMatchObject({
      status: 403,
      response: { code: 'PASSWORD_CHANGE_REQUIRED' },
    });
    const marked = () => undefined;
    Reflect.defineMetadata(ALLOWS_PENDING_PASSWORD, true, marked);
    const { context } = contextWith(`Bearer ${token}`);
    const allowed = { ...context, getHandler: () => marked } as unknown as ExecutionContext;
    await expect(guard.canActivate(allowed)).resolves.toBe(true);
  });
});
