import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ConfigError } from './config.exception';
import type { AppConfig, LogLevel, NodeEnv } from './config.types';
import { EnvSchema } from './env.schema';

export type Env = Readonly<Record<string, string | undefined>>;

const DEFAULTS = {
  HOST: '127.0.0.1',
  PORT: 3000,
  LOG_LEVEL: 'info',
  SQLITE_PATH: './data/luoshi.sqlite',
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_PREFIX: 'luoshi',
  REPORT_MAX_BYTES: 5 * 1024 * 1024,
} as const;

/**
 * Validates `env` and returns the typed configuration.
 * Empty strings count as unset. Throws {@link ConfigError} naming every bad variable at once.
 */
export function loadConfig(env: Env): AppConfig {
  const present: Record<string, string> = {};
  for (const key of Object.keys(new EnvSchemaKeys())) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') present[key] = value.trim();
  }
  const parsed = plainToInstance(EnvSchema, present);
  const errors = validateSync(parsed, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => ({
        variable: e.property,
        value: present[e.property],
        problems: Object.values(e.constraints ?? {}),
      })),
    );
  }
  const port = parsed.PORT ?? DEFAULTS.PORT;
  const host = parsed.HOST ?? DEFAULTS.HOST;
  return {
    env: (parsed.NODE_ENV ?? 'development') as NodeEnv,
    host,
    port,
    logLevel: (parsed.LOG_LEVEL ?? DEFAULTS.LOG_LEVEL) as LogLevel,
    database: parsed.DATABASE_URL
      ? { type: 'postgres', url: parsed.DATABASE_URL }
      : { type: 'better-sqlite3', path: parsed.SQLITE_PATH ?? DEFAULTS.SQLITE_PATH },
    redis: { url: parsed.REDIS_URL ?? DEFAULTS.REDIS_URL, prefix: parsed.REDIS_PREFIX ?? DEFAULTS.REDIS_PREFIX },
    publicUrl: (parsed.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    reportMaxBytes: parsed.REPORT_MAX_BYTES ?? DEFAULTS.REPORT_MAX_BYTES,
  };
}

/** The variable names the schema knows, listed once so unknown variables in `env` are ignored. */
class EnvSchemaKeys implements Record<keyof EnvSchema, undefined> {
  NODE_ENV = undefined;
  HOST = undefined;
  PORT = undefined;
  LOG_LEVEL = undefined;
  DATABASE_URL = undefined;
  SQLITE_PATH = undefined;
  REDIS_URL = undefined;
  REDIS_PREFIX = undefined;
  PUBLIC_URL = undefined;
  REPORT_MAX_BYTES = undefined;
}
