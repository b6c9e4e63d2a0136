import cookie from '@fastify/cookie';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '@luoshi/config';
import { bearerToken } from '../auth/auth.guard';
import { TokenAuthService } from '../auth/token-auth.service';

const COOKIE = 'luoshi_admin';

/** Whether the path is `prefix` itself or below it (not merely a path starting with the same letters). */
function under(url: string, prefix: string): boolean {
  // Runs on every request: a plain prefix test first, the character after it only on a match.
  if (!url.startsWith(prefix)) return false;
  const next = url.charAt(prefix.length);
  return next === '' || next === '/' || next === '?';
}

/**
 * Pages outside Nest's routing that only admins may open: the queue dashboard always, the API
 * docs in production (they map every route for an attacker). A bearer token, or `?token=` once in
 * a browser (kept in an HttpOnly cookie scoped to that page), of an admin — checked as every API
 * request is, so a disabled, logged-out or expired admin is refused too.
 */
export async function setupAdminGates(
  app: NestFastifyApplication,
  config: AppConfig,
  prefixes: { always: string[]; production: string[] },
): Promise<void> {
  const guarded = [...prefixes.always, ...(config.env === 'production' ? prefixes.production : [])];
  const tokens = app.get(TokenAuthService);
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(cookie);
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const prefix = guarded.find((p) => under(request.url, p));
    if (prefix === undefined) return;
    const query = (request.query as Record<string, string | undefined> | undefined)?.token;
    const token = bearerToken(request.headers) ?? query ?? request.cookies[COOKIE];
    const actor = token ? await tokens.actorFor(token) : null;
    if (actor?.role !== 'admin' || actor.mustChangePassword) {
      return reply
        .status(token ? 403 : 401)
        .header('content-type', 'application/json; charset=utf-8')
        .send({
          statusCode: token ? 403 : 401,
          error: token ? 'Forbidden' : 'Unauthorized',
          code: token ? 'FORBIDDEN' : 'UNAUTHORIZED',
          message: `${prefix} is for admins: open it with ?token=<admin token>`,
          messageZh: '此页面仅限管理员访问',
        });
    }
    if (query)
      reply.setCookie(COOKIE, query, {
        path: prefix,
        httpOnly: true,
        sameSite: 'strict',
        secure: config.publicUrl.startsWith('https'),
      });
  });
}
