import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { NestContainer } from '@nestjs/core';
import { RequestMethod } from '@nestjs/common';
import { createDataSource } from '@luoshi/db';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bootApiWorld, type ApiWorld } from './api-world';
import { fileForm, sample } from './fixtures';
import type { HttpClient } from './http-client';
import { login, PASSWORD } from './seed-users';
import type { DatabaseTarget } from './test-env';

/**
 * Every API route with a request that reaches it, and who may make it: the catalogue that the
 * authorization matrix (test/reliability) and the OpenAPI contract test (test/contract.e2e-spec.ts)
 * both walk. Both check it against the application's own route table, so a route added without an
 * entry here fails them.
 */
/** supervisorB: a supervisor of bureau B, a sibling subtree — as blind to bureau A as B's staff. */
export type Who = 'anonymous' | 'staffA' | 'staffB' | 'supervisor' | 'supervisorB' | 'admin';
export type Outcome = 'ok' | 401 | 403 | 404;

export interface Ctx {
  taskA: number;
  reportA: number;
  bureauA: number;
  extensionA: number;
  outcomeA: number;
  tokenA: number;
  /** One of staffA's in-app notifications: only staffA may mark it read. */
  notificationA: number;
  /** A colleague of staffA in bureau A (staff), whose account the matrix renames. */
  userA2: number;
  feedA: string;
  muteToken: string;
  /** Bureau A's group robot (kept by the supervisor above and admins; A's staff see it, B's do not). */
  channelA: number;
  /** Another of bureau A's channels each time: DELETE removes one. */
  spareChannelA(): number;
  /** A file staffA attached to taskA. */
  attachmentA: number;
  /** Another of staffA's files on taskA each time: DELETE removes one. */
  spareAttachmentA(): number;
  version(taskId: number): Promise<number>;
}

export interface Rule {
  /** Path with :params filled from the context (bureau A's resources). */
  path: (c: Ctx) => string;
  body?: (c: Ctx) => Promise<unknown> | unknown;
  expect: Record<Exclude<Who, 'supervisorB'>, Outcome> & { supervisorB?: Outcome };
  /** The route ends the caller's login tokens: everyone logs in again after each call. */
  endsSessions?: true;
}

/** A one-row 督办台账 whose lead unit is bureau A itself (区司法局). */
async function ledgerWorkbook(): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('台账');
  sheet.addRow(['事项', '牵头单位', '配合单位', '完成时限', '目标']);
  sheet.addRow(['矩阵测试台账事项', '区司法局', '', '2099-06-30', '']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const signedIn = (staffA: Outcome, staffB: Outcome, supervisor: Outcome, admin: Outcome): Rule['expect'] => ({
  anonymous: 401,
  staffA,
  staffB,
  supervisor,
  admin,
});

/** A sibling subtree's supervisor sees bureau A as B's staff do, unless the rule says otherwise. */
const everyone = signedIn('ok', 'ok', 'ok', 'ok');
const publicRoute: Rule['expect'] = { anonymous: 'ok', staffA: 'ok', staffB: 'ok', supervisor: 'ok', admin: 'ok' };
/** Bureau A's resource: its staff, the supervisor above and admins may; bureau B's staff get 404. */
const bureauA = signedIn('ok', 404, 'ok', 'ok');
/** Bureau A's task, changed by its own bureau only: the supervisor above may read but not edit. */
const ownBureauEdits = signedIn('ok', 404, 403, 'ok');
/** A supervisor's decision on bureau A's data: staff are refused by role (B's staff cannot see it at all). */
const supervisorsDecide = signedIn(403, 404, 'ok', 'ok');

export const POLICY: Record<string, Rule> = {
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
  // The working-day calendar: admins only (a year no real holiday data will ever cover).
  'GET /api/admin/calendar/:year': { path: () => '/api/admin/calendar/2099', expect: signedIn(403, 403, 403, 'ok') },
  'PUT /api/admin/calendar/:year': {
    path: () => '/api/admin/calendar/2099',
    body: () => ({ holidays: [{ date: '2099-01-01', name: '元旦' }], workdays: [] }),
    expect: signedIn(403, 403, 403, 'ok'),
  },
  'POST /api/bureaus': {
    path: () => '/api/bureaus',
    body: () => ({ name: `矩阵测试区司法局${Math.random().toString(36).slice(2, 6)}` }),
    expect: signedIn(403, 403, 403, 'ok'),
  },
  // Supervisors administer the bureaus of their subtree; staff are refused by role, others cannot see it.
  'PATCH /api/bureaus/:id': {
    path: (c) => `/api/bureaus/${c.bureauA}`,
    body: () => ({ aliases: ['西湖区司法局'] }),
    expect: supervisorsDecide,
  },
  'GET /api/bureaus/:id/usage': { path: (c) => `/api/bureaus/${c.bureauA}/usage`, expect: supervisorsDecide },
  // Merging into itself: reached and refused by the handler (422) for admins; everyone else never gets that far.
  'POST /api/bureaus/:id/merge': {
    path: (c) => `/api/bureaus/${c.bureauA}/merge`,
    body: (c) => ({ intoId: c.bureauA }),
    expect: signedIn(403, 404, 403, 'ok'),
  },
  // A temporary password for staffA2 (a colleague of staffA): by supervisors above and admins.
  'POST /api/users/:id/password-reset': {
    path: (c) => `/api/users/${c.userA2}/password-reset`,
    body: () => ({ password: 'matrix-temporary-1' }),
    expect: supervisorsDecide,
  },
  // Everyone's API tokens: admins all, supervisors their subtree's; staff are refused.
  'GET /api/api-tokens': {
    path: () => '/api/api-tokens',
    expect: { ...signedIn(403, 403, 'ok', 'ok'), supervisorB: 'ok' },
  },
  'DELETE /api/api-tokens/:id': { path: (c) => `/api/api-tokens/${c.tokenA}`, expect: supervisorsDecide },
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
  // A 督办台账 imported into bureau A: as for a task made by hand.
  'POST /api/tasks/import/preview': {
    path: () => '/api/tasks/import/preview',
    body: async (c) => fileForm('台账.xlsx', await ledgerWorkbook(), { bureauId: String(c.bureauA) }),
    expect: signedIn('ok', 403, 'ok', 'ok'),
  },
  'POST /api/tasks/import': {
    path: () => '/api/tasks/import',
    body: async (c) => fileForm('台账.xlsx', await ledgerWorkbook(), { bureauId: String(c.bureauA) }),
    expect: signedIn('ok', 403, 'ok', 'ok'),
  },
  'GET /api/tasks/import/template.xlsx': { path: () => '/api/tasks/import/template.xlsx', expect: everyone },
  // A task made by hand under bureau A: its staff, the supervisor above and admins may; B's users are refused.
  'POST /api/tasks': {
    path: () => '/api/tasks',
    body: (c) => ({ bureauId: c.bureauA, title: '矩阵测试交办事项', sourceKind: 'manual' }),
    expect: signedIn('ok', 403, 'ok', 'ok'),
  },
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
  // Files: attached by those who report progress (bureau A; the supervisor above only reads), read by those who see the task.
  'POST /api/tasks/:id/attachments': {
    path: (c) => `/api/tasks/${c.taskA}/attachments`,
    body: () => fileForm('矩阵测试.txt', Buffer.from('矩阵测试附件')),
    expect: ownBureauEdits,
  },
  'GET /api/tasks/:id/attachments': { path: (c) => `/api/tasks/${c.taskA}/attachments`, expect: bureauA },
  'GET /api/attachments/:id/download': { path: (c) => `/api/attachments/${c.attachmentA}/download`, expect: bureauA },
  // Deleted by its uploader (staffA), the supervisor above, admins.
  'DELETE /api/attachments/:id': { path: (c) => `/api/attachments/${c.spareAttachmentA()}`, expect: bureauA },
  'GET /api/tasks/:id/reminders': { path: (c) => `/api/tasks/${c.taskA}/reminders`, expect: bureauA },
  'GET /api/tasks/:id/mute': { path: (c) => `/api/tasks/${c.taskA}/mute`, expect: bureauA },
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
  // Notifications are the caller's own: everyone has a list and a count; another person's id is 404.
  'GET /api/notifications': { path: () => '/api/notifications', expect: everyone },
  'GET /api/notifications/unread-count': { path: () => '/api/notifications/unread-count', expect: everyone },
  'POST /api/notifications/:id/read': {
    path: (c) => `/api/notifications/${c.notificationA}/read`,
    expect: signedIn('ok', 404, 404, 404),
  },
  'POST /api/notifications/read-all': { path: () => '/api/notifications/read-all', expect: everyone },
  // Chat channels: everyone keeps their own; a bureau's group robot is the supervisors' and admins'.
  'GET /api/channels': { path: () => '/api/channels', expect: everyone },
  'POST /api/channels': {
    path: () => '/api/channels',
    body: () => ({
      platform: 'dingtalk',
      name: '我的提醒',
      url: 'https://oapi.dingtalk.com/robot/send?access_token=matrix-own',
    }),
    expect: everyone,
  },
  'PATCH /api/channels/:id': {
    path: (c) => `/api/channels/${c.channelA}`,
    body: () => ({ mode: 'digest' }),
    expect: supervisorsDecide,
  },
  'POST /api/channels/:id/test': { path: (c) => `/api/channels/${c.channelA}/test`, expect: supervisorsDecide },
  'DELETE /api/channels/:id': { path: (c) => `/api/channels/${c.spareChannelA()}`, expect: supervisorsDecide },
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

/** The application's route table: every controller method Nest registered, as "METHOD /api/path". */
export function routeTable(api: ApiWorld): string[] {
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

export interface RouteWorld {
  api: ApiWorld;
  ctx: Ctx;
  clients: Record<Who, HttpClient>;
}

/** The test bureaus and users, a second supervisor, two linked reports of bureau A, a token, a feed and a pending extension. */
export async function bootRouteWorld(target: DatabaseTarget = 'sqlite'): Promise<RouteWorld> {
  // A robot that takes every post, for the channel test route.
  const robot = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}'));
  });
  await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
  const robotHost = `127.0.0.1:${(robot.address() as AddressInfo).port}`;
  const booted = await bootApiWorld(target, {
    LOGIN_RATE_LIMIT: '1000',
    LOGIN_ACCOUNT_RATE_LIMIT: '1000',
    PUBLIC_URL: 'https://luoshi.test',
    REDIS_URL: 'redis://127.0.0.1:1',
    CHANNELS_KEY: '7'.repeat(64),
    CHANNELS_ALLOW_HOSTS: robotHost,
  }).catch((err) => {
    robot.close();
    throw err;
  }); // linking inline;
  const api: ApiWorld = {
    ...booted,
    close: async () => {
      robot.close();
      await booted.close();
    },
  };
  try {
    const { staffA, staffB, supervisor, admin } = api.as;
    const supervisorB = await admin.post('/api/users', {
      email: 'supervisor@wuhou.test',
      displayName: '武侯督查',
      role: 'supervisor',
      bureauId: api.world.bureaus.b,
      password: PASSWORD,
    });
    if (supervisorB.status !== 201)
      throw new Error(`route world set-up failed: supervisorB ${supervisorB.status} ${supervisorB.text}`);
    const clients: Record<Who, HttpClient> = {
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
    const [notification] = await ds.query(
      `INSERT INTO notification ("userId", "kind", "taskId", "title", "body", "link", "dedupeKey") VALUES (${api.world.users.staffA.id}, 'returned', ${taskA}, '任务被退回', '矩阵测试', '/tasks/${taskA}', 'matrix:1') RETURNING id`,
    );
    await ds.destroy();
    const outcomes = await api.as.supervisor.get(`/api/audit/commitments?bureauId=${api.world.bureaus.a}`);
    const token = await staffA.post('/api/auth/tokens', { name: 'staffA 的脚本' });
    const feed = await staffA.get('/api/calendar/subscription');
    const { signMuteToken } = await import('@luoshi/reminders');
    const groupRobot = (name: string) =>
      api.as.supervisor.post('/api/channels', {
        platform: 'dingtalk',
        name,
        url: `http://${robotHost}/robot/send?access_token=matrix`,
        secret: 'SECmatrix-secret',
        bureauId: api.world.bureaus.a,
      });
    const channelA = await groupRobot('西湖司法局督办群');
    const spares: number[] = [];
    for (let i = 0; i < 12; i++) spares.push((await groupRobot(`西湖备用群${i}`)).body.id);
    if (channelA.status !== 201)
      throw new Error(`route world set-up failed: channel ${channelA.status} ${channelA.text}`);
    const attach = async (i: number) => {
      const res = await staffA.post(
        `/api/tasks/${taskA}/attachments`,
        fileForm(`佐证${i}.txt`, Buffer.from(`佐证${i}`)),
      );
      if (res.status !== 201) throw new Error(`route world set-up failed: attachment ${res.status} ${res.text}`);
      return res.body.id as number;
    };
    const attachmentA = await attach(0);
    const spareAttachments: number[] = [];
    for (let i = 1; i <= 12; i++) spareAttachments.push(await attach(i));
    const ctx: Ctx = {
      taskA,
      reportA: followup.body.report.id,
      bureauA: api.world.bureaus.a,
      extensionA: extension.id,
      outcomeA: outcomes.body.items[0].outcomeId,
      tokenA: token.body.id,
      notificationA: notification.id,
      userA2: api.world.users.staffA2.id,
      feedA: String(feed.body.url).split('/').pop()!,
      muteToken: signMuteToken(api.world.users.staffA.id, taskA, api.db.config.auth.jwtSecret),
      channelA: channelA.body.id,
      spareChannelA: () => {
        const id = spares.shift();
        if (id === undefined) throw new Error('route world: no spare channel left for DELETE');
        return id;
      },
      attachmentA,
      spareAttachmentA: () => {
        const id = spareAttachments.shift();
        if (id === undefined) throw new Error('route world: no spare attachment left for DELETE');
        return id;
      },
      version,
    };
    if (outcomes.status !== 200 || outcomes.body.items.length === 0 || token.status !== 201 || feed.status !== 200)
      throw new Error('route world set-up failed: linking outcomes, token or calendar feed missing');
    return { api, ctx, clients };
  } catch (err) {
    // Never leave an API listening behind a failed set-up: Jest would not exit.
    await api.close();
    throw err;
  }
}
