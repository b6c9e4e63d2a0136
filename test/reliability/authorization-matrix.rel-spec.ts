import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { NestContainer } from '@nestjs/core';
import { RequestMethod } from '@nestjs/common';
import { createDataSource } from '@luoshi/db';
import { bootApiWorld, type ApiWorld } from '../support/api-world';
import { rowCounts } from '../support/db-counts';
import { fileForm, sample } from '../support/fixtures';
import type { HttpClient, HttpResult } from '../support/http-client';
import { login, PASSWORD } from '../support/seed-users';

/**
 * Every endpoint × every role × own/other bureau. The routes come from the application's own route
 * table (the controllers Nest registered), not from a list kept by hand: an endpoint added without
 * a row in POLICY fails the first test, so no endpoint can skip this matrix.
 *
 * Outcomes: ok = reached the handler and was allowed (not 401/403/404, never 5xx; business answers
 * like 409 or 422 count as allowed); 403 = refused by role; 404 = another bureau's resource, answered
 * exactly like a missing one; 401 = no credentials. Refused calls must write nothing.
 */
/** supervisorB: a supervisor of bureau B, a sibling subtree — as blind to bureau A as B's staff. */
type Who = 'anonymous' | 'staffA' | 'staffB' | 'supervisor' | 'supervisorB' | 'admin';
type Outcome = 'ok' | 401 | 403 | 404;

interface Ctx {
  taskA: number;
  reportA: number;
  bureauA: number;
  extensionA: number;
  outcomeA: number;
  tokenA: number;
  /** A colleague of staffA in bureau A (staff), whose account the matrix renames. */
  userA2: number;
  feedA: string;
  muteToken: string;
  version(taskId: number): Promise<number>;
}

interface Rule {
  /** Path with :params filled from the context (bureau A's resources). */
  path: (c: Ctx) => string;
  body?: (c: Ctx) => Promise<unknown> | unknown;
  expect: Record<Exclude<Who, 'supervisorB'>, Outcome> & { supervisorB?: Outcome };
  /** The route ends the caller's login tokens: everyone logs in again after each call. */
  endsSessions?: true;
}

const signedIn = (staffA: Outcome, staffB: Outcome, supervisor: Outcome, admin: Outcome): Rule['expect'] => ({
  anonymous: 401,
  staffA,
  staffB,
  supervisor,
  admin,
});

/** A sibling subtree's supervisor sees bureau A as B's staff do, unless the rule says otherwise. */
const expected = (rule: Rule, who: Who): Outcome =>
  who === 'supervisorB' ? (rule.expect.supervisorB ?? rule.expect.staffB) : rule.expect[who];
const everyone = signedIn('ok', 'ok', 'ok', 'ok');
const publicRoute: Rule['expect'] = { anonymous: 'ok', staffA: 'ok', staffB: 'ok', supervisor: 'ok', admin: 'ok' };
/** Bureau A's resource: its staff, the supervisor above and admins may; bureau B's staff get 404. */
const bureauA = signedIn('ok', 404, 'ok', 'ok');
/** Bureau A's task, changed by its own bureau only: the supervisor above may read but not edit. */
const ownBureauEdits = signedIn('ok', 404, 403, 'ok');
/** A supervisor's decision on bureau A's data: staff are refused by role (B's staff cannot see it at all). */
const supervisorsDecide = signedIn(403, 404, 'ok', 'ok');

const POLICY: Record<string, Rule> = {
  'GET /api/health': { path: () => '/api/health', expect: publicRoute },
  'POST /api/auth/login': {
    path: () => '/api/auth/login',
    body: () => ({ email: 'staff@xihu.test', password: PASSWORD }),
    expect: publicRoute,
  },
  'GET /api/auth/me': { path: () => '/api/auth/me', expect: everyone },
  'POST /api/auth/tokens': { path: () => '/api/auth/tokens', body: () => ({ name: '矩阵测试' }), expect: everyone },
  'GET /api/auth/tokens': { path: () => '/api/auth/tokens', expect: everyone },
  'DELETE /api/auth/tokens/:id': { path: (c) => `/api/auth/tokens/${c.tokenA}`, expect: signedIn('ok', 404, 404, 404) },
  'GET /api/users': { path: () => '/api/users', expect: everyone },
  // staffA2 is bureau A's staff: a colleague may not manage the account, B's staff cannot see it.
  'PATCH /api/users/:id': {
    path: (c) => `/api/users/${c.userA2}`,
    body: () => ({ displayName: '矩阵测试' }),
    expect: supervisorsDecide,
  },
  // A wrong current password: reached and refused by the handler (422) for everyone signed in.
  'POST /api/auth/password': {
    path: () => '/api/auth/password',
    body: () => ({ currentPassword: 'not-the-password', newPassword: 'matrix-new-password-1' }),
    expect: everyone,
  },
  'POST /api/auth/logout': { path: () => '/api/auth/logout', expect: everyone, endsSessions: true },
  'POST /api/users': {
    path: () => '/api/users',
    body: (c) => ({
      email: `m${Math.random().toString(36).slice(2)}@matrix.test`,
      displayName: '矩阵',
      role: 'staff',
      bureauId: c.bureauA,
      password: 'matrix-password-1',
    }),
    expect: { ...signedIn(403, 403, 'ok', 'ok'), supervisorB: 'ok' },
  },
  // (supervisorB may add staff, but only to its own subtree: for bureau A the handler answers 422 BUREAU_NOT_FOUND and writes nothing.)
  'GET /api/bureaus': { path: () => '/api/bureaus', expect: everyone },
  'GET /api/bureaus/:id': { path: (c) => `/api/bureaus/${c.bureauA}`, expect: bureauA },
  'POST /api/bureaus': {
    path: () => '/api/bureaus',
    body: () => ({ name: `矩阵测试区司法局${Math.random().toString(36).slice(2, 6)}` }),
    expect: signedIn(403, 403, 403, 'ok'),
  },
  'PATCH /api/bureaus/:id': {
    path: (c) => `/api/bureaus/${c.bureauA}`,
    body: () => ({ aliases: ['西湖区司法局'] }),
    expect: signedIn(403, 403, 403, 'ok'),
  },
  // Bureau A's report: B's staff may not file it (under A or under B); the supervisor above and admins may.
  'POST /api/reports': {
    path: () => '/api/reports',
    body: () => fileForm('xihu-2024.txt', sample('xihu-2024.txt')),
    expect: signedIn('ok', 403, 'ok', 'ok'),
  },
  'POST /api/reports/preview': {
    path: () => '/api/reports/preview',
    body: () => ({ text: sample('xihu-2024.txt').toString('utf8') }),
    expect: everyone,
  },
  'GET /api/reports': { path: () => '/api/reports', expect: everyone },
  'GET /api/reports/:id': { path: (c) => `/api/reports/${c.reportA}`, expect: bureauA },
  'POST /api/reports/:id/relink': {
    path: (c) => `/api/reports/${c.reportA}/relink`,
    expect: signedIn(403, 404, 'ok', 'ok'),
  },
  'GET /api/reports/:id/problems-coverage': {
    path: (c) => `/api/reports/${c.reportA}/problems-coverage`,
    expect: bureauA,
  },
  'GET /api/tasks': { path: () => '/api/tasks', expect: everyone },
  'GET /api/tasks/:id': { path: (c) => `/api/tasks/${c.taskA}`, expect: bureauA },
  'PATCH /api/tasks/:id': {
    path: (c) => `/api/tasks/${c.taskA}`,
    body: async (c) => ({ version: await c.version(c.taskA), assigneeId: null }),
    expect: ownBureauEdits,
  },
  // Which role may make which move is the state machine's rule (libs/tasks, unit-tested); here: B's staff never reach it.
  'POST /api/tasks/:id/transitions': {
    path: (c) => `/api/tasks/${c.taskA}/transitions`,
    body: async (c) => ({ version: await c.version(c.taskA), to: 'blocked', reason: '矩阵测试' }),
    expect: bureauA,
  },
  'POST /api/tasks/:id/progress': {
    path: (c) => `/api/tasks/${c.taskA}/progress`,
    body: async (c) => ({ version: await c.version(c.taskA), percent: 10 }),
    expect: ownBureauEdits,
  },
  'POST /api/tasks/:id/accept-evidence': {
    path: (c) => `/api/tasks/${c.taskA}/accept-evidence`,
    body: async (c) => ({ version: await c.version(c.taskA) }),
    expect: bureauA,
  },
  'POST /api/tasks/:id/comments': {
    path: (c) => `/api/tasks/${c.taskA}/comments`,
    body: () => ({ body: '矩阵测试评论' }),
    expect: bureauA,
  },
  'GET /api/tasks/:id/audit': { path: (c) => `/api/tasks/${c.taskA}/audit`, expect: bureauA },
  'POST /api/tasks/:id/extensions': {
    path: (c) => `/api/tasks/${c.taskA}/extensions`,
    body: async (c) => ({ version: await c.version(c.taskA), newDueDate: '2099-12-31', reason: '矩阵测试' }),
    expect: ownBureauEdits,
  },
  'GET /api/extensions': { path: () => '/api/extensions', expect: everyone },
  'POST /api/extensions/:id/decision': {
    path: (c) => `/api/extensions/${c.extensionA}/decision`,
    body: () => ({ approve: false, note: '矩阵测试' }),
    expect: supervisorsDecide,
  },
  'GET /api/tasks/:id/reminders': { path: (c) => `/api/tasks/${c.taskA}/reminders`, expect: bureauA },
  'POST /api/tasks/:id/mute': { path: (c) => `/api/tasks/${c.taskA}/mute`, expect: bureauA },
  'GET /api/reminders/preferences': { path: () => '/api/reminders/preferences', expect: everyone },
  'PUT /api/reminders/preferences': {
    path: () => '/api/reminders/preferences',
    body: () => ({ reminderMode: 'digest' }),
    expect: everyone,
  },
  'GET /api/reminders/mute': { path: (c) => `/api/reminders/mute?token=${c.muteToken}`, expect: publicRoute },
  'POST /api/reminders/mute': {
    path: () => '/api/reminders/mute',
    body: (c) => ({ token: c.muteToken, action: 'unmute' }),
    expect: publicRoute,
  },
  'DELETE /api/tasks/:id/mute': { path: (c) => `/api/tasks/${c.taskA}/mute`, expect: bureauA },
  'GET /api/exports/tasks.csv': { path: () => '/api/exports/tasks.csv', expect: everyone },
  'GET /api/exports/tasks.xlsx': { path: () => '/api/exports/tasks.xlsx', expect: everyone },
  'GET /api/calendar/subscription': { path: () => '/api/calendar/subscription', expect: everyone },
  // Before the rotation below, which (correctly) retires staffA's feed URL.
  'GET /api/calendar/feed/:file': { path: (c) => `/api/calendar/feed/${c.feedA}`, expect: publicRoute },
  'POST /api/calendar/subscription/rotate': { path: () => '/api/calendar/subscription/rotate', expect: everyone },
  'GET /api/audit/follow-through': { path: () => '/api/audit/follow-through', expect: everyone },
  'GET /api/audit/commitments': { path: (c) => `/api/audit/commitments?bureauId=${c.bureauA}`, expect: bureauA },
  'POST /api/audit/outcomes/:id/decision': {
    path: (c) => `/api/audit/outcomes/${c.outcomeA}/decision`,
    body: () => ({ decision: 'confirmed' }),
    expect: supervisorsDecide,
  },
  'GET /api/audit/lineage': { path: () => '/api/audit/lineage', expect: everyone },
  'GET /api/audit/scorecard.xlsx': { path: () => '/api/audit/scorecard.xlsx', expect: everyone },
  'GET /api/audit/scorecard.html': { path: () => '/api/audit/scorecard.html', expect: everyone },
  'GET /api/audit/draft.html': { path: (c) => `/api/audit/draft.html?bureauId=${c.bureauA}`, expect: bureauA },
};

/** Answers that are not scoped by the caller: the preview echoes the text sent; a feed URL's token is its own credential. */
const ECHOES = ['POST /api/reports/preview', 'GET /api/calendar/feed/:file'];

/** Routes mounted outside Nest's controllers, checked the same way. */
const EXTRA_ROUTES: Record<string, Rule> = {
  'GET /admin/queues': {
    path: () => '/admin/queues',
    expect: { anonymous: 401, staffA: 403, staffB: 403, supervisor: 403, admin: 'ok' },
  },
};

/** The application's route table: every controller method Nest registered, as "METHOD /api/path". */
function routeTable(api: ApiWorld): string[] {
  const container = (api.app as unknown as { container: NestContainer }).container;
  const routes: string[] = [];
  for (const module of container.getModules().values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { prototype: Record<string, unknown> } | null;
      if (!controller) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const full = `/api/${[base, path]
          .map((p) => p.replace(/^\/+|\/+$/g, ''))
          .filter(Boolean)
          .join('/')}`;
        routes.push(`${RequestMethod[method]} ${full}`);
      }
    }
  }
  return routes.sort();
}

function classify(res: HttpResult): Outcome | number {
  if ([401, 403, 404].includes(res.status)) return res.status as Outcome;
  if (res.status >= 500) return res.status;
  return 'ok';
}

describe('authorization matrix: every endpoint × role × own/other bureau', () => {
  let api: ApiWorld;
  let ctx: Ctx;
  let clients: Record<Who, HttpClient>;
  let cases = 0;

  beforeAll(async () => {
    api = await bootApiWorld('sqlite', {
      LOGIN_RATE_LIMIT: '1000',
      LOGIN_ACCOUNT_RATE_LIMIT: '1000',
      PUBLIC_URL: 'https://luoshi.test',
      REDIS_URL: 'redis://127.0.0.1:1',
    }); // linking inline;
    const { staffA, staffB, supervisor, admin } = api.as;
    const supervisorB = await admin.post('/api/users', {
      email: 'supervisor@wuhou.test',
      displayName: '武侯督查',
      role: 'supervisor',
      bureauId: api.world.bureaus.b,
      password: PASSWORD,
    });
    if (supervisorB.status !== 201)
      throw new Error(`matrix set-up failed: supervisorB ${supervisorB.status} ${supervisorB.text}`);
    clients = {
      anonymous: api.http,
      staffA,
      staffB,
      supervisor,
      supervisorB: await login(api.http, 'supervisor@wuhou.test'),
      admin,
    };
    const prior = await staffA.post('/api/reports', fileForm('xihu-2023.txt', sample('xihu-2023.txt')));
    const followup = await staffA.post('/api/reports', fileForm('xihu-2024.txt', sample('xihu-2024.txt')));
    await staffB.post('/api/reports', fileForm('wuhou-2024.txt', sample('wuhou-2024.txt')));
    const tasks = await staffA.get(`/api/tasks?reportId=${prior.body.report.id}&rootsOnly=true`);
    const taskA = tasks.body.items[0].id as number;
    // Through clients.staffA, not the first login: the logout rule replaces it.
    const version = async (id: number) => (await clients.staffA.get(`/api/tasks/${id}`)).body.version as number;
    // The samples' deadlines have passed, and extensions are asked for before a deadline: the pending request is stored directly.
    const ds = createDataSource(api.db.config.database);
    await ds.initialize();
    const [extension] = await ds.query(
      `INSERT INTO deadline_extension ("planItemId", "requestedById", "oldDueDate", "newDueDate", "reason") VALUES (${tasks.body.items[1].id}, ${api.world.users.staffA.id}, '2024-12-31', '2099-06-30', '资金到位推迟') RETURNING id`,
    );
    await ds.destroy();
    const outcomes = await api.as.supervisor.get(`/api/audit/commitments?bureauId=${api.world.bureaus.a}`);
    const token = await staffA.post('/api/auth/tokens', { name: 'staffA 的脚本' });
    const feed = await staffA.get('/api/calendar/subscription');
    const { signMuteToken } = await import('@luoshi/reminders');
    ctx = {
      taskA,
      reportA: followup.body.report.id,
      bureauA: api.world.bureaus.a,
      extensionA: extension.id,
      outcomeA: outcomes.body[0].outcomeId,
      tokenA: token.body.id,
      userA2: api.world.users.staffA2.id,
      feedA: String(feed.body.url).split('/').pop()!,
      muteToken: signMuteToken(api.world.users.staffA.id, taskA, api.db.config.auth.jwtSecret),
      version,
    };
    if (outcomes.status !== 200 || outcomes.body.length === 0 || token.status !== 201 || feed.status !== 200)
      throw new Error('matrix set-up failed: linking outcomes, token or calendar feed missing');
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
