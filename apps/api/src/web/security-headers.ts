import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { AppConfig } from '@luoshi/config';

/**
 * Headers on every answer (helmet): the dashboard, the API docs and the queue dashboard
 * load only their own scripts (no inline ones), so a strict policy holds for all of them; nothing
 * may frame luoshi (clickjacking a 确认 button); no Referer leaves with a URL that carries a
 * calendar or mute token. Inline styles stay allowed: the calendar and charts set them.
 */
export function securityHeaders(config: AppConfig): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS only where luoshi is served over HTTPS; on http://localhost it would only confuse browsers.
    strictTransportSecurity: config.publicUrl.startsWith('https://') ? { maxAge: 180 * 24 * 3600 } : false,
    crossOriginEmbedderPolicy: false,
  };
}

/** What helmet's middleware does to a response: the headers it sets, in order, and those it removes. */
export interface HeaderWrites {
  set: Array<[string, string]>;
  remove: string[];
}

/**
 * Runs helmet's middleware once against a stand-in request and response and returns what it wrote,
 * or null when the writes could depend on the request: the stand-in request throws on any read
 * (a policy with a nonce function reads it), the response allows only setHeader and removeHeader,
 * and the middleware must finish at once without an error. With luoshi's options (all constant)
 * the writes are the same for every request.
 */
export function recordHelmetWrites(middleware: ReturnType<typeof helmet>): HeaderWrites | null {
  const writes: HeaderWrites = { set: [], remove: [] };
  const response = {
    setHeader: (name: string, value: unknown) => {
      if (typeof value !== 'string') throw new Error(`helmet set ${name} to a ${typeof value}`);
      writes.set.push([name, value]);
    },
    removeHeader: (name: string) => void writes.remove.push(name),
  };
  const untouchable = new Proxy(
    {},
    {
      get: (_target, key) => {
        throw new Error(`helmet read request.${String(key)}`);
      },
    },
  );
  const guarded = new Proxy(response, {
    get: (target, key) => {
      if (key === 'setHeader' || key === 'removeHeader') return target[key];
      throw new Error(`helmet read response.${String(key)}`);
    },
  });
  let finished = false;
  try {
    middleware(untouchable as never, guarded as never, (err?: unknown) => {
      if (err) throw err instanceof Error ? err : new Error(String(err));
      finished = true;
    });
  } catch {
    return null;
  }
  return finished ? writes : null;
}

/**
 * Sets {@link securityHeaders} on every answer: the headers helmet's middleware writes, recorded
 * once at boot (recordHelmetWrites) and written again on each response, or helmet's middleware
 * itself on each request when they could depend on the request. Not the @fastify/helmet plugin: it
 * calls `helmet(options)` afresh on every request, parsing the whole policy each time (~2% of the
 * task list's CPU); and not the middleware on every request either: its chain of fifteen small
 * middlewares writing constants was another ~2% (BENCHMARKS.md, list). The headers are helmet's
 * either way (test/unit/security-headers.spec.ts compares them, test/security.e2e-spec.ts checks them).
 */
export function registerSecurityHeaders(fastify: FastifyInstance, config: AppConfig): void {
  const apply = helmet(securityHeaders(config));
  const writes = recordHelmetWrites(apply);
  if (!writes) {
    fastify.addHook('onRequest', (request, reply, done) =>
      apply(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)),
    );
    return;
  }
  const { set, remove } = writes;
  fastify.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (let i = 0; i < set.length; i++) raw.setHeader(set[i][0], set[i][1]);
    for (let i = 0; i < remove.length; i++) raw.removeHeader(remove[i]);
    done();
  });
}
