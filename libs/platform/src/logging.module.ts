import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from '@luoshi/config';
import { redactUrl } from './log-redaction.util';

/** Structured JSON logs (pino) for every app; pretty-printed on a terminal in development. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          // Never log credentials: request bodies are not logged at all, headers are redacted.
          redact: [
            'req.headers.authorization',
            'req.headers.cookie',
            'res.headers["set-cookie"]',
            'req.query.token',
            'req.params.file',
            'req.params.token',
          ],
          // Calendar-feed and mute tokens travel in URLs: the logged URL has them replaced.
          serializers: {
            req: (req: { url?: string }) => (typeof req.url === 'string' ? { ...req, url: redactUrl(req.url) } : req),
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
