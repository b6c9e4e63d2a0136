import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The dashboard's client-side routes (apps/web/src/main.tsx). A browser opening one of them
 * directly (a bookmark, a link in a reminder e-mail) gets index.html and the app routes itself.
 */
export const WEB_ROUTES = [
  '/',
  '/login',
  '/tasks',
  '/tasks/:id',
  '/upload',
  '/audit',
  '/calendar',
  '/settings',
  '/admin/calendar',
  '/admin/users',
  '/approvals',
  '/password',
  '/admin/bureaus',
  '/admin/tokens',
  '/audit/lineage',
  '/audit/reports',
  '/reports/:id',
  '/tasks/new',
  '/tasks/import',
] as const;

/**
 * Serves the built dashboard (dist/web) beside the API: hashed assets with a long cache life,
 * index.html for the app's own routes. Everything under /api and /docs stays the API's.
 * Returns false (and the API still runs) when the dashboard has not been built.
 */
export async function setupWeb(app: NestFastifyApplication, webRoot: string): Promise<boolean> {
  const root = resolve(webRoot);
  const indexFile = join(root, 'index.html');
  if (!existsSync(indexFile)) return false;
  const html = readFileSync(indexFile);
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: false,
    wildcard: false,
    setHeaders: (response, path) => {
      response.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  for (const url of WEB_ROUTES) {
    fastify.get(url, (_request, reply) => {
      void reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(html);
    });
  }
  return true;
}
