import cookie from '@fastify/cookie';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '@luoshi/config';
import { ApiTokenRepository, UserRepository } from '@luoshi/db';
import { API_TOKEN_PREFIX, hashToken } from '../auth/token.util';
import { API_QUEUES, type ApiQueues } from '../queues/queues.module';

export const BULL_BOARD_PATH = '/admin/queues';
const COOKIE = 'luoshi_admin';

/**
 * bull-board at /admin/queues, for admins only. Its routes live outside Nest, so they get their
 * own check: a bearer token, or `?token=` once in a browser (kept in an HttpOnly cookie scoped to
 * this path), that belongs to an admin.
 */
export async function setupBullBoard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const queues = Object.values(app.get<ApiQueues>(API_QUEUES));
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  const jwt = app.get(JwtService);
  const users = app.get(UserRepository);
  const tokens = app.get(ApiTokenRepository);

  const adminFrom = async (token: string | undefined): Promise<boolean> => {
    if (!token) return false;
    let userId: number | null = null;
    if (token.startsWith(API_TOKEN_PREFIX)) userId = (await tokens.useByHash(hashToken(token)))?.userId ?? null;
    else userId = await jwt.verifyAsync<{ sub: number }>(token).then((p) => p.sub, () => null);
    return userId !== null && (await users.findById(userId))?.role === 'admin';
  };

  await app.register(async (instance: FastifyInstance) => {
    await instance.register(cookie);
    instance.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const query = (request.query as Record<string, string | undefined>)?.token;
      const token = bearer ?? query ?? request.cookies[COOKIE];
      if (!(await adminFrom(token))) {
        return reply.status(token ? 403 : 401).header('content-type', 'application/json; charset=utf-8').send({
          statusCode: token ? 403 : 401,
          error: token ? 'Forbidden' : 'Unauthorized',
          code: token ? 'FORBIDDEN' : 'UNAUTHORIZED',
          message: 'The queue dashboard is for admins: open it with ?token=<admin token>',
          messageZh: '队列看板仅限管理员访问',
        });
      }
      if (query) reply.setCookie(COOKIE, query, { path: BULL_BOARD_PATH, httpOnly: true, sameSite: 'strict', secure: config.publicUrl.startsWith('https') });
    });
    await instance.register(serverAdapter.registerPlugin() as never, { prefix: BULL_BOARD_PATH });
  });
}
