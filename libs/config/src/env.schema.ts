import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/**
 * Every environment variable luoshi reads, with its validation rule.
 * Defaults live in `config.loader.ts`; `.env.example` documents each one.
 */
export class EnvSchema {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  HOST?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT?: number;

  /** API processes serving the same port (node:cluster): a number, or `auto` for one per CPU core. */
  @IsOptional()
  @Matches(/^(auto|[1-9]|[1-5]\d|6[0-4])$/, {
    message: 'API_WORKERS must be 1-64 or auto (one API process per CPU core)',
  })
  API_WORKERS?: string;

  /** Threads reading the task list's pages on a SQLite file (0 = on the event loop). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(16)
  LIST_THREADS?: number;

  /** The API's WAL checkpoints on a thread of their own (on, the default) or by its connection as SQLite does by itself (off). */
  @IsOptional()
  @IsIn(['on', 'off'], { message: 'WAL_CHECKPOINT_THREAD must be on or off' })
  WAL_CHECKPOINT_THREAD?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite file)',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  SQLITE_PATH?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  WEB_ROOT?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, { message: 'REDIS_PREFIX must be 1-64 characters of A-Z a-z 0-9 : _ -' })
  REDIS_PREFIX?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  REPORT_MAX_BYTES?: number;

  /** Folder of attached files (default: `attachments` beside the SQLite file, or ./data/attachments with PostgreSQL). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  ATTACHMENTS_DIR?: string;

  /** Largest attachment accepted, in bytes (default 20 MiB). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(500 * 1024 * 1024)
  ATTACHMENTS_MAX_BYTES?: number;

  /** Bucket of an S3-compatible store for attachments; unset keeps them on local disk (ATTACHMENTS_DIR). */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'ATTACHMENTS_S3_BUCKET must be an S3 bucket name (3-63 characters of a-z 0-9 . -)',
  })
  ATTACHMENTS_S3_BUCKET?: string;

  /** An S3-compatible server's URL (MinIO, Ceph, a cloud's OSS/COS endpoint); AWS itself when unset. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  ATTACHMENTS_S3_ENDPOINT?: string;

  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/, {
    message: 'ATTACHMENTS_S3_REGION must be a region name, e.g. us-east-1 or cn-north-1',
  })
  ATTACHMENTS_S3_REGION?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  ATTACHMENTS_S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  ATTACHMENTS_S3_SECRET_ACCESS_KEY?: string;

  /** `true` for path-style URLs (host/bucket/key), which most self-hosted servers need. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'ATTACHMENTS_S3_FORCE_PATH_STYLE must be true or false' })
  ATTACHMENTS_S3_FORCE_PATH_STYLE?: string;

  /** Folder-like prefix of the objects in the bucket (default `attachments/`). */
  @IsOptional()
  @Matches(/^([A-Za-z0-9._-]+\/)+$/, {
    message:
      'ATTACHMENTS_S3_PREFIX must be path segments of A-Z a-z 0-9 . _ - each ending in /, e.g. luoshi/attachments/',
  })
  ATTACHMENTS_S3_PREFIX?: string;

  /** Worker threads parsing uploaded reports in each API process. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  PARSE_THREADS?: number;

  /** Seconds one report may take to parse before it is refused (PARSE_TIMEOUT); ordinary reports take well under one. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(300)
  PARSE_TIMEOUT_SECONDS?: number;

  /**
   * Test only (refused outside NODE_ENV=test): milliseconds each report's ingest transaction stays
   * open after its rows are written, so a fault test can kill the API while one is open.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  TEST_INGEST_HOLD_MS?: number;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  @Matches(/^(?!(.)\1*$)/s, {
    message: 'JWT_SECRET must not be one character repeated (use e.g. `openssl rand -hex 32`)',
  })
  JWT_SECRET?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  JWT_TTL_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_RATE_LIMIT?: number;

  /** Login attempts for one e-mail address per 15 minutes, from any client address. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_ACCOUNT_RATE_LIMIT?: number;

  /**
   * Which proxies' X-Forwarded-For to believe: unset/`false` none (the socket's address is the
   * client), a hop count (`1` = one proxy in front), or a comma-separated list of addresses/CIDRs
   * (`loopback`, `10.0.0.0/8`, …). Never "all": any client could then pick its own address.
   */
  @IsOptional()
  @Matches(/^(?!true$)(false|[0-9]|[1-9][0-9]|[A-Za-z0-9.:/]+(,[A-Za-z0-9.:/]+)*)$/, {
    message:
      'TRUST_PROXY must be false, a hop count (e.g. 1) or a comma-separated list of proxy addresses/CIDRs (e.g. loopback,10.0.0.0/8)',
  })
  TRUST_PROXY?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(3)
  MAIL_FROM?: string;

  /** Seals chat-channel webhook URLs and secrets at rest: 64 hex digits or Base64 of 32 bytes (`openssl rand -hex 32`). */
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message: 'CHANNELS_KEY must be 32 bytes as 64 hex digits or Base64 (e.g. `openssl rand -hex 32`)',
  })
  CHANNELS_KEY?: string;

  /** Hosts (host or host:port, comma-separated) a chat channel may post to besides the platforms' own, http allowed. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.\-:[\]]+(,[A-Za-z0-9.\-:[\]]+)*$/, {
    message: 'CHANNELS_ALLOW_HOSTS must be host or host:port names, comma-separated',
  })
  CHANNELS_ALLOW_HOSTS?: string;

  @IsOptional()
  @Matches(/^\d{1,3}(,\d{1,3})*$/, {
    message: 'REMINDER_OFFSETS must be days before the due date, comma-separated, e.g. 30,7,1',
  })
  REMINDER_OFFSETS?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  REMINDER_WEEKLY_CAP?: number;

  @IsOptional()
  @Matches(/^([01]?\d|2[0-3])-([01]?\d|2[0-4])$/, {
    message: 'REMINDER_HOURS must be start-end hours in Asia/Shanghai, e.g. 9-18',
  })
  REMINDER_HOURS?: string;

  /** 0 turns the automatic sweep off (sweeps then run only when queued by hand). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1440)
  SWEEP_EVERY_MINUTES?: number;

  /** Seconds a worker's lock on a job lasts; a killed worker's jobs are retried after about twice this. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(600)
  JOB_LOCK_SECONDS?: number;
}
