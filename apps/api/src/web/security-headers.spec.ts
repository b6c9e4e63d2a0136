import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import Fastify from 'fastify';
import helmet from 'helmet';
import type { AppConfig } from '@luoshi/config';
import { recordHelmetWrites, registerSecurityHeaders, securityHeaders } from './security-headers';

const config = (publicUrl: string) => ({ publicUrl }) as AppConfig;

/** What helmet's middleware leaves on a real response, header names lower-cased as Node keeps them. */
function helmetOnRealResponse(middleware: ReturnType<typeof helmet>): Record<string, unknown> {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  response.setHeader('X-Powered-By', 'something');
  middleware(response.req, response, () => undefined);
  return response.getHeaders();
}

describe('security headers', () => {
  it.each(['http://localhost:3000', 'https://luoshi.example.gov.cn'])(
    'recorded once, they are exactly what helmet writes on each response (%s)',
    (publicUrl) => {
      const middleware = helmet(securityHeaders(config(publicUrl)));
      const writes = recordHelmetWrites(middleware);
      expect(writes).not.toBeNull();
      const replayed = new ServerResponse(new IncomingMessage(new Socket()));
      replayed.setHeader('X-Powered-By', 'something');
      for (const [name, value] of writes!.set) replayed.setHeader(name, value);
      for (const name of writes!.remove) replayed.removeHeader(name);
      expect(replayed.getHeaders()).toEqual(helmetOnRealResponse(middleware));
      expect(Object.keys(replayed.getHeaders())).toContain('content-security-policy');
      expect('strict-transport-security' in replayed.getHeaders()).toBe(publicUrl.startsWith('https://'));
    },
  );

  it('are not recorded when helmet would read the request (a per-request nonce)', () => {
    const middleware = helmet({
      contentSecurityPolicy: { directives: { scriptSrc: ["'self'", (req) => `'nonce-${String(req.headers)}'`] } },
    });
    expect(recordHelmetWrites(middleware)).toBeNull();
  });

  it('reach every answer through Fastify as helmet itself sets them', async () => {
    const app = Fastify();
    registerSecurityHeaders(app, config('http://localhost:3000'));
    app.get('/x', async () => ({ ok: true }));
    const live = Fastify();
    const middleware = helmet(securityHeaders(config('http://localhost:3000')));
    live.addHook('onRequest', (request, reply, done) => middleware(request.raw, reply.raw, () => done()));
    live.get('/x', async () => ({ ok: true }));
    const [ours, theirs] = await Promise.all([app.inject('/x'), live.inject('/x')]);
    const strip = (headers: Record<string, unknown>) => {
      const { date: _date, ...rest } = headers;
      return rest;
    };
    expect(strip(ours.headers)).toEqual(strip(theirs.headers));
    expect(ours.headers['x-frame-options']).toBe('DENY');
    await Promise.all([app.close(), live.close()]);
  });
});
