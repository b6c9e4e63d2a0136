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

/**
 * Sets {@link securityHeaders} on every answer with helmet's own middleware, built once. Not the
 * @fastify/helmet plugin: it calls `helmet(options)` afresh on every request, parsing the whole
 * policy each time, which was ~2% of the task list's CPU time (BENCHMARKS.md, list); the headers
 * written are helmet's either way (test/security.e2e-spec.ts checks them).
 */
export function registerSecurityHeaders(fastify: FastifyInstance, config: AppConfig): void {
  const apply = helmet(securityHeaders(config));
  fastify.addHook('onRequest', (request, reply, done) =>
    apply(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)),
  );
}
