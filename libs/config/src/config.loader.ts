import { plainToInstance } from 'class-transformer';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { validateSync } from 'class-validator';
import { ConfigError } from './config.exception';
import type { AppConfig, LogLevel, NodeEnv, S3AttachmentsConfig } from './config.types';
import { EnvSchema } from './env.schema';

export type Env = Readonly<Record<string, string | undefined>>;

const DEFAULTS = {
  HOST: '127.0.0.1',
  PORT: 3000,
  API_WORKERS: '1',
  LIST_THREADS: 2,
  LOG_LEVEL: 'info',
  SQLITE_PATH: './data/luoshi.sqlite',
  WEB_ROOT: './dist/web',
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_PREFIX: 'luoshi',
  REPORT_MAX_BYTES: 5 * 1024 * 1024,
  ATTACHMENTS_MAX_BYTES: 20 * 1024 * 1024,
  DATA_DIR_WITHOUT_SQLITE: './data',
  PARSE_THREADS: 2,
  PARSE_TIMEOUT_SECONDS: 5,
  JWT_TTL_SECONDS: 8 * 3600,
  SMTP_URL: 'smtp://127.0.0.1:1025',
  MAIL_FROM: '落实 luoshi <luoshi@localhost>',
  REMINDER_OFFSETS: '30,7,1',
  REMINDER_WEEKLY_CAP: 10,
  REMINDER_HOURS: '9-18',
  SWEEP_EVERY_MINUTES: 60,
  JOB_LOCK_SECONDS: 30,
  LOGIN_RATE_LIMIT: 10,
  LOGIN_ACCOUNT_RATE_LIMIT: 20,
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
  const nodeEnv = (parsed.NODE_ENV ?? 'development') as NodeEnv;
  if (nodeEnv === 'production' && !parsed.JWT_SECRET) {
    throw new ConfigError([
      {
        variable: 'JWT_SECRET',
        value: undefined,
        problems: ['JWT_SECRET is required in production (at least 32 characters)'],
      },
    ]);
  }
  if (nodeEnv !== 'test' && parsed.TEST_INGEST_HOLD_MS) {
    throw new ConfigError([
      {
        variable: 'TEST_INGEST_HOLD_MS',
        value: String(parsed.TEST_INGEST_HOLD_MS),
        problems: ['TEST_INGEST_HOLD_MS is for fault tests only (NODE_ENV=test)'],
      },
    ]);
  }
  const port = parsed.PORT ?? DEFAULTS.PORT;
  const sqlitePath = parsed.SQLITE_PATH ?? DEFAULTS.SQLITE_PATH;
  // The data folder is the SQLite file's; with PostgreSQL, ./data as for SQLite by default.
  const dataDir = parsed.DATABASE_URL ? DEFAULTS.DATA_DIR_WITHOUT_SQLITE : dirname(sqlitePath);
  const host = parsed.HOST ?? DEFAULTS.HOST;
  return {
    env: nodeEnv,
    host,
    port,
    apiWorkers: apiWorkers(parsed.API_WORKERS ?? DEFAULTS.API_WORKERS),
    trustProxy: trustProxy(parsed.TRUST_PROXY),
    listThreads: parsed.LIST_THREADS ?? DEFAULTS.LIST_THREADS,
    walCheckpointThread: parsed.WAL_CHECKPOINT_THREAD !== 'off',
    logLevel: (parsed.LOG_LEVEL ?? DEFAULTS.LOG_LEVEL) as LogLevel,
    database: parsed.DATABASE_URL
      ? { type: 'postgres', url: parsed.DATABASE_URL }
      : { type: 'better-sqlite3', path: sqlitePath },
    redis: { url: parsed.REDIS_URL ?? DEFAULTS.REDIS_URL, prefix: parsed.REDIS_PREFIX ?? DEFAULTS.REDIS_PREFIX },
    publicUrl: (parsed.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    reportMaxBytes: parsed.REPORT_MAX_BYTES ?? DEFAULTS.REPORT_MAX_BYTES,
    attachments: {
      dir: parsed.ATTACHMENTS_DIR ?? join(dataDir, 'attachments'),
      maxBytes: parsed.ATTACHMENTS_MAX_BYTES ?? DEFAULTS.ATTACHMENTS_MAX_BYTES,
      s3: attachmentsS3(parsed),
    },
    parse: {
      threads: parsed.PARSE_THREADS ?? DEFAULTS.PARSE_THREADS,
      timeoutSeconds: parsed.PARSE_TIMEOUT_SECONDS ?? DEFAULTS.PARSE_TIMEOUT_SECONDS,
      testIngestHoldMs: parsed.TEST_INGEST_HOLD_MS ?? 0,
    },
    webRoot: parsed.WEB_ROOT ?? DEFAULTS.WEB_ROOT,
    auth: {
      jwtSecret: parsed.JWT_SECRET ?? randomBytes(32).toString('hex'),
      jwtSecretGenerated: !parsed.JWT_SECRET,
      jwtTtlSeconds: parsed.JWT_TTL_SECONDS ?? DEFAULTS.JWT_TTL_SECONDS,
      loginRateLimit: parsed.LOGIN_RATE_LIMIT ?? DEFAULTS.LOGIN_RATE_LIMIT,
      loginAccountRateLimit: parsed.LOGIN_ACCOUNT_RATE_LIMIT ?? DEFAULTS.LOGIN_ACCOUNT_RATE_LIMIT,
    },
    mail: { smtpUrl: parsed.SMTP_URL ?? DEFAULTS.SMTP_URL, from: parsed.MAIL_FROM ?? DEFAULTS.MAIL_FROM },
    channels: {
      key: parsed.CHANNELS_KEY ?? null,
      allowHosts: (parsed.CHANNELS_ALLOW_HOSTS ?? '').split(',').filter(Boolean),
    },
    jobLockSeconds: parsed.JOB_LOCK_SECONDS ?? DEFAULTS.JOB_LOCK_SECONDS,
    reminders: {
      offsets: (parsed.REMINDER_OFFSETS ?? DEFAULTS.REMINDER_OFFSETS).split(',').map(Number),
      weeklyCap: parsed.REMINDER_WEEKLY_CAP ?? DEFAULTS.REMINDER_WEEKLY_CAP,
      workingHours: (parsed.REMINDER_HOURS ?? DEFAULTS.REMINDER_HOURS).split('-').map(Number) as [number, number],
      sweepEveryMinutes: parsed.SWEEP_EVERY_MINUTES ?? DEFAULTS.SWEEP_EVERY_MINUTES,
    },
  };
}

/**
 * The S3 store's settings, or null (local disk) when no ATTACHMENTS_S3_* variable is set. A partial
 * setting is refused at start rather than falling back to disk: files would land where no one looks.
 */
function attachmentsS3(parsed: EnvSchema): S3AttachmentsConfig | null {
  const given = S3_VARIABLES.filter((v) => parsed[v] !== undefined);
  if (given.length === 0) return null;
  const problems: Array<{ variable: string; problem: string }> = [];
  if (!parsed.ATTACHMENTS_S3_BUCKET)
    problems.push({
      variable: 'ATTACHMENTS_S3_BUCKET',
      problem: `ATTACHMENTS_S3_BUCKET is required once any ATTACHMENTS_S3_* is set (here: ${given.join(', ')}); unset them all to keep attachments on disk`,
    });
  const keyId = parsed.ATTACHMENTS_S3_ACCESS_KEY_ID;
  const secret = parsed.ATTACHMENTS_S3_SECRET_ACCESS_KEY;
  if ((keyId === undefined) !== (secret === undefined)) {
    const missing = keyId === undefined ? 'ATTACHMENTS_S3_ACCESS_KEY_ID' : 'ATTACHMENTS_S3_SECRET_ACCESS_KEY';
    problems.push({
      variable: missing,
      problem: `${missing} is required with ${keyId === undefined ? 'ATTACHMENTS_S3_SECRET_ACCESS_KEY' : 'ATTACHMENTS_S3_ACCESS_KEY_ID'} (set both, or neither to use the SDK's credential chain)`,
    });
  }
  if (problems.length > 0)
    throw new ConfigError(problems.map((p) => ({ variable: p.variable, value: undefined, problems: [p.problem] })));
  return {
    bucket: parsed.ATTACHMENTS_S3_BUCKET!,
    endpoint: parsed.ATTACHMENTS_S3_ENDPOINT ?? null,
    region: parsed.ATTACHMENTS_S3_REGION ?? 'us-east-1',
    credentials: keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : null,
    forcePathStyle: parsed.ATTACHMENTS_S3_FORCE_PATH_STYLE === 'true',
    prefix: parsed.ATTACHMENTS_S3_PREFIX ?? 'attachments/',
  };
}

const S3_VARIABLES = [
  'ATTACHMENTS_S3_BUCKET',
  'ATTACHMENTS_S3_ENDPOINT',
  'ATTACHMENTS_S3_REGION',
  'ATTACHMENTS_S3_ACCESS_KEY_ID',
  'ATTACHMENTS_S3_SECRET_ACCESS_KEY',
  'ATTACHMENTS_S3_FORCE_PATH_STYLE',
  'ATTACHMENTS_S3_PREFIX',
] as const;

/** `auto` is one API process per CPU core the process may use. */
function apiWorkers(value: string): number {
  return value === 'auto' ? availableParallelism() : Number(value);
}

/** Unset or `false`: no proxy is trusted; digits: that many hops; else the listed addresses/CIDRs. */
function trustProxy(value: string | undefined): false | number | string[] {
  if (value === undefined || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
  return value.split(',');
}

/** The variable names the schema knows, listed once so unknown variables in `env` are ignored. */
class EnvSchemaKeys implements Record<keyof EnvSchema, undefined> {
  NODE_ENV = undefined;
  HOST = undefined;
  PORT = undefined;
  API_WORKERS = undefined;
  LIST_THREADS = undefined;
  WAL_CHECKPOINT_THREAD = undefined;
  LOG_LEVEL = undefined;
  DATABASE_URL = undefined;
  SQLITE_PATH = undefined;
  WEB_ROOT = undefined;
  REDIS_URL = undefined;
  REDIS_PREFIX = undefined;
  PUBLIC_URL = undefined;
  REPORT_MAX_BYTES = undefined;
  ATTACHMENTS_DIR = undefined;
  ATTACHMENTS_MAX_BYTES = undefined;
  ATTACHMENTS_S3_BUCKET = undefined;
  ATTACHMENTS_S3_ENDPOINT = undefined;
  ATTACHMENTS_S3_REGION = undefined;
  ATTACHMENTS_S3_ACCESS_KEY_ID = undefined;
  ATTACHMENTS_S3_SECRET_ACCESS_KEY = undefined;
  ATTACHMENTS_S3_FORCE_PATH_STYLE = undefined;
  ATTACHMENTS_S3_PREFIX = undefined;
  PARSE_THREADS = undefined;
  PARSE_TIMEOUT_SECONDS = undefined;
  TEST_INGEST_HOLD_MS = undefined;
  JWT_SECRET = undefined;
  JWT_TTL_SECONDS = undefined;
  LOGIN_RATE_LIMIT = undefined;
  LOGIN_ACCOUNT_RATE_LIMIT = undefined;
  TRUST_PROXY = undefined;
  SMTP_URL = undefined;
  MAIL_FROM = undefined;
  CHANNELS_KEY = undefined;
  CHANNELS_ALLOW_HOSTS = undefined;
  REMINDER_OFFSETS = undefined;
  REMINDER_WEEKLY_CAP = undefined;
  REMINDER_HOURS = undefined;
  SWEEP_EVERY_MINUTES = undefined;
  JOB_LOCK_SECONDS = undefined;
}
