import { rowCounts } from '../support/db-counts';
import type { HttpResult } from '../support/http-client';
import {
  bootRouteWorld,
  POLICY,
  routeTable,
  type Ctx,
  type Outcome,
  type Rule,
  type RouteWorld,
  type Who,
} from '../support/route-catalogue';
import { login } from '../support/seed-users';

/**
 * Every endpoint × every role × own/other bureau. The routes come from the application's own route
 * table (the controllers Nest registered), not from a list kept by hand: an endpoint added without
 * a row in POLICY fails the first test, so no endpoint can skip this matrix.
 *
 * Outcomes: ok = reached the handler and was allowed (not 401/403/404, never 5xx; business answers
 * like 409 or 422 count as allowed); 403 = refused by role; 404 = another bureau's resource, answered
 * exactly like a missing one; 401 = no credentials. Refused calls must write nothing.
 */
const expected = (rule: Rule, who: Who): Outcome =>
  who === 'supervisorB' ? (rule.expect.supervisorB ?? rule.expect.staffB) : rule.expect[who];

/** Answers that are not scoped by the caller: the preview echoes the text sent; a feed URL's token is its own credential. */
const ECHOES = ['POST /api/reports/preview', 'GET /api/calendar/feed/:file'];

/** Routes mounted outside Nest's controllers, checked the same way. */
const EXTRA_ROUTES: Record<string, Rule> = {
  'GET /admin/queues': {
    path: () => '/admin/queues',
    expect: { anonymous: 401, staffA: 403, staffB: 403, supervisor: 403, admin: 'ok' },
  },
};

function classify(res: HttpResult): Outcome | number {
  if ([401, 403, 404].includes(res.status)) return res.status as Outcome;
  if (res.status >= 500) return res.status;
  return 'ok';
}

describe('authorization matrix: every endpoint × role × own/other bureau', () => {
  let api: RouteWorld['api'];
  let ctx: Ctx;
  let clients: RouteWorld['clients'];
  let cases = 0;

  beforeAll(async () => {
    ({ api, ctx, clients } = await bootRouteWorld());
    // Its own time-out: booting, three uploads and linking take well over Jest's 5 s on a loaded machine.
  }, 120_000);

  afterAll(async () => {
    process.stdout.write(`authorization matrix: ${cases} endpoint × role cases\n`);
    await api?.close();
  });

  it('has a rule for every route in the application’s route table, and no rule for a route that is gone', () => {
    const table = routeTable(api);
    expect(table.length).toBeGreaterThan(40);
    expect(table.filter((route) => !(route in POLICY))).toEqual([]);
    expect(Object.keys(POLICY).filter((route) => !table.includes(route))).toEqual([]);
  });

  const all = { ...POLICY, ...EXTRA_ROUTES };
  const ORDER: Who[] = ['anonymous', 'staffB', 'supervisorB', 'staffA', 'supervisor', 'admin'];

  it('refuses forged, altered and foreign mute and calendar tokens, and writes nothing', async () => {
    const { signMuteToken } = await import('@luoshi/reminders');
    const before = await rowCounts(api.db.config);
    const [user, task, expires, sig] = ctx.muteToken.split('.');
    const forgedMutes = [
      signMuteToken(api.world.users.staffA.id, ctx.taskA, 'not-the-secret-not-the-secret-000001'),
      `${user}.${Number(task) + 1}.${expires}.${sig}`,
      `${Number(user) + 1}.${task}.${expires}.${sig}`,
      `${user}.${task}.${Number(expires) + 1}.${sig}`,
    ];
    for (const token of forgedMutes) {
      await expect(api.http.get(`/api/reminders/mute?token=${token}`)).resolves.toMatchObject({
        status: 400,
        body: { code: 'BAD_TOKEN' },
      });
      await expect(api.http.post('/api/reminders/mute', { token, action: 'mute' })).resolves.toMatchObject({
        status: 400,
      });
    }
    const feed = ctx.feedA.replace(/\.ics$/, '');
    for (const file of [
      `${feed.slice(0, -1)}${feed.endsWith('A') ? 'B' : 'A'}.ics`,
      'x'.repeat(40) + '.ics',
      '..%2F..%2Fetc%2Fpasswd.ics',
    ]) {
      await expect(api.http.get(`/api/calendar/feed/${file}`)).resolves.toMatchObject({ status: 404 });
    }
    await expect(rowCounts(api.db.config)).resolves.toEqual(before);
  });

  it.each(Object.keys(all))('%s', async (route) => {
    const rule = all[route];
    const method = route.split(' ')[0];
    for (const who of ORDER) {
      const before = await rowCounts(api.db.config);
      const body = rule.body ? await rule.body(ctx) : undefined;
      const res = await clients[who].request(
        method,
        rule.path(ctx),
        method === 'GET' || method === 'DELETE' ? undefined : (body ?? {}),
      );
      cases++;
      expect({ route, who, outcome: classify(res) }).toEqual({ route, who, outcome: expected(rule, who) });
      // What B's staff and supervisor may read must say nothing of bureau A (lists, exports, audits are
      // scoped, not just guarded); the preview only echoes the text they sent.
      if ((who === 'staffB' || who === 'supervisorB') && res.status < 300 && !ECHOES.includes(route))
        expect({ route, who, mentionsA: res.text.includes('西湖') }).toEqual({ route, who, mentionsA: false });
      if (expected(rule, who) !== 'ok') {
        expect({ route, who, rows: await rowCounts(api.db.config) }).toEqual({ route, who, rows: before });
        if (res.status !== 404 || route.startsWith('/admin')) continue;
        expect(res.body).toMatchObject({ statusCode: 404, messageZh: expect.any(String) });
      }
      if (rule.endsSessions && who !== 'anonymous')
        clients[who] = await login(
          api.http,
          who === 'supervisorB' ? 'supervisor@wuhou.test' : api.world.users[who].email,
        );
    }
  });
});
