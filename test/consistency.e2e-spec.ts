import type { HttpResult } from './support/http-client';
import { bootRouteWorld, POLICY, type RouteWorld, type Who } from './support/route-catalogue';
import { databaseTargets } from './support/test-env';

/**
 * One API, one set of habits, on both databases: every list pages the same way
 * (`?page=&pageSize=` → `{ items, total, page, pageSize }`), and every `:id` answers the same way —
 * not a number → 400 INVALID_ID; a number no row has, even one no id column can hold → 404
 * NOT_FOUND, exactly as an id of another bureau (the authorization matrix checks that part).
 * Walks the route catalogue, so a route added later is held to the same rules.
 */
const CALLERS: Array<Exclude<Who, 'anonymous' | 'supervisorB'>> = ['staffA', 'admin', 'supervisor'];

/** JSON GET routes that answer one analysis or one record, not a list of records. */
const NOT_LISTS = new Set([
  'GET /api/health',
  'GET /api/auth/me',
  'GET /api/reminders/preferences',
  'GET /api/reminders/mute',
  'GET /api/notifications/unread-count',
  'GET /api/calendar/subscription',
  'GET /api/audit/follow-through',
  'GET /api/audit/lineage',
  'GET /api/bureaus/:id/usage',
  'GET /api/tasks/:id/mute',
  // The problems one report names, each with the plan items that answer it: bounded by the report.
  'GET /api/reports/:id/problems-coverage',
]);

const callerOf = (route: string): Exclude<Who, 'anonymous' | 'supervisorB'> => {
  const who = CALLERS.find((w) => POLICY[route].expect[w] === 'ok');
  if (!who) throw new Error(`${route}: nobody in ${CALLERS.join(', ')} may reach it`);
  return who;
};

describe.each(databaseTargets())('one paging style and one answer for ids on %s', (target) => {
  let world: RouteWorld;

  beforeAll(async () => {
    world = await bootRouteWorld(target);
  }, 180_000);

  afterAll(async () => {
    await world?.api.close();
  });

  const jsonGets = Object.keys(POLICY).filter(
    (r) => r.startsWith('GET ') && !/\.(csv|xlsx|html)$|\/:[a-z]+$|\/download$|\/docs/.test(r) && !NOT_LISTS.has(r),
  );

  it.each(jsonGets)('%s answers a page and walks pages', async (route) => {
    const client = world.clients[callerOf(route)];
    const path = POLICY[route].path(world.ctx);
    const join = path.includes('?') ? '&' : '?';
    const first = await client.get(path);
    expect({ route, status: first.status }).toEqual({ route, status: 200 });
    expect(Array.isArray(first.body)).toBe(false);
    expect(first.body).toMatchObject({ items: expect.any(Array), total: expect.any(Number), page: 1 });
    expect(first.body.pageSize).toBeGreaterThanOrEqual(first.body.items.length);
    const one = await client.get(`${path}${join}pageSize=1&page=1`);
    expect(one.body).toMatchObject({ page: 1, pageSize: 1, total: first.body.total });
    expect(one.body.items).toHaveLength(Math.min(1, first.body.total));
    if (first.body.total > 1) {
      const second = await client.get(`${path}${join}pageSize=1&page=2`);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0]).not.toEqual(one.body.items[0]);
    }
    const beyond = await client.get(`${path}${join}page=99999`);
    expect(beyond.body).toMatchObject({ items: [], total: first.body.total });
    for (const bad of ['pageSize=0', 'pageSize=100000', 'page=0', 'page=abc', 'pageSize=1.5']) {
      const res = await client.get(`${path}${join}${bad}`);
      expect({ route, bad, status: res.status, messageZh: typeof res.body.messageZh }).toEqual({
        route,
        bad,
        status: 400,
        messageZh: 'string',
      });
    }
  });

  const idRoutes = Object.keys(POLICY).filter((r) => r.includes('/:id'));

  it.each(idRoutes)('%s: a missing or impossible id is 404, a malformed one 400, never a 500', async (route) => {
    const rule = POLICY[route];
    const client = world.clients[callerOf(route)];
    const [method] = route.split(' ');
    const path = rule.path(world.ctx);
    const id = /^\/api\/(?:[a-z-]+\/)+?(\d+)(?=\/|$|\?)/.exec(path)![1];
    const body = rule.body ? await rule.body(world.ctx) : undefined;
    const probe = async (value: string): Promise<HttpResult> =>
      client.request(
        method,
        path.replace(`/${id}`, `/${value}`),
        method === 'GET' || method === 'DELETE' ? undefined : (body ?? {}),
      );
    for (const missing of ['2147483647', '99999999999999999999', '0', '-1']) {
      const res = await probe(missing);
      expect({ route, missing, status: res.status, code: res.body?.code }).toEqual({
        route,
        missing,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
    for (const malformed of ['abc', '1.5', '12abc', '1e3', '0x10', '1.0']) {
      const res = await probe(malformed);
      expect({ route, malformed, status: res.status, code: res.body?.code }).toEqual({
        route,
        malformed,
        status: 400,
        code: 'INVALID_ID',
      });
    }
  });

  it.each([
    '/api/tasks?bureauId=',
    '/api/tasks?assigneeId=',
    '/api/tasks?reportId=',
    '/api/reports?bureauId=',
    '/api/audit/commitments?bureauId=',
    '/api/audit/follow-through?bureauId=',
  ])('%s with an id no column holds is a 400, not a database error', async (path) => {
    const res = await world.clients.admin.get(`${path}99999999999999999999`);
    expect({ path, status: res.status, messageZh: typeof res.body.messageZh }).toEqual({
      path,
      status: 400,
      messageZh: 'string',
    });
  });
});
