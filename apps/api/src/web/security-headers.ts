import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { AppConfig } from '@luoshi/config';

/**
 * Headers on every answer (@fastify/helmet): the dashboard, the API docs and the queue dashboard
 * load only their own scripts (no inline ones), so a strict policy holds for all of them; nothing
 * may frame luoshi (clickjacking a 确认 button); no Referer leaves with a URL that carries a
 * calendar or mute token. Inline styles stay allowed: the calendar and charts set them.
 */
export function securityHeaders(config: AppConfig): FastifyHelmetOptions {
  return {
    global: true,
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
