export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type DatabaseConfig =
  { readonly type: 'better-sqlite3'; readonly path: string } | { readonly type: 'postgres'; readonly url: string };

export interface RedisConfig {
  readonly url: string;
  /** Key prefix for every BullMQ queue and lock, so several deployments (or test runs) can share one Redis. */
  readonly prefix: string;
}

/** The validated configuration of one luoshi process. */
export interface AppConfig {
  readonly env: NodeEnv;
  readonly host: string;
  readonly port: number;
  /** API processes sharing the port (1 = no cluster); only the API reads it. */
  readonly apiWorkers: number;
  /** Proxies whose X-Forwarded-For is believed: false (none), a hop count, or addresses/CIDRs (Fastify's trustProxy). */
  readonly trustProxy: false | number | string[];
  /** Threads reading task-list pages when the database is a SQLite file and a core is left over (0 = none; only the API reads it). */
  readonly listThreads: number;
  /** On a SQLite file, WAL checkpoints on a thread of the API's own (true, WAL_CHECKPOINT_THREAD=on) or by its connection (false); only the API reads it. */
  readonly walCheckpointThread: boolean;
  readonly logLevel: LogLevel;
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly publicUrl: string;
  readonly reportMaxBytes: number;
  readonly attachments: AttachmentsConfig;
  readonly parse: ParseConfig;
  /** The built dashboard (apps/web → dist/web) the API serves at `/`. */
  readonly webRoot: string;
  readonly auth: AuthConfig;
  readonly mail: MailConfig;
  readonly channels: ChannelsConfig;
  readonly reminders: RemindersConfig;
  /** How long a worker's hold on a job lasts without renewal: a crashed worker's jobs run again after about twice this. */
  readonly jobLockSeconds: number;
}

export interface AttachmentsConfig {
  /** Folder the attached files are kept in (ATTACHMENTS_DIR; default `attachments` in the data folder). */
  readonly dir: string;
  /** Largest attachment accepted, in bytes (ATTACHMENTS_MAX_BYTES; default 20 MiB). */
  readonly maxBytes: number;
  /** An S3-compatible bucket instead of `dir` (ATTACHMENTS_S3_*), or null for local disk. */
  readonly s3: S3AttachmentsConfig | null;
}

export interface S3AttachmentsConfig {
  readonly bucket: string;
  /** The server's URL; null for AWS itself. */
  readonly endpoint: string | null;
  /** Default us-east-1 (what most S3-compatible servers accept). */
  readonly region: string;
  /** Static keys; null to use the AWS SDK's credential chain (environment, profile, instance role). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | null;
  readonly forcePathStyle: boolean;
  /** Prefix of every object (default `attachments/`). */
  readonly prefix: string;
}

export interface ParseConfig {
  /** Worker threads parsing uploads in each API process. */
  readonly threads: number;
  /** How long one parse may run before it is stopped and refused (PARSE_TIMEOUT). */
  readonly timeoutSeconds: number;
  /** Fault tests only: how long each ingest transaction stays open after its writes (0 otherwise). */
  readonly testIngestHoldMs: number;
}

export interface MailConfig {
  /** SMTP server, e.g. smtp://mailpit:1025 or smtps://user:pass@smtp.example.gov.cn:465. */
  readonly smtpUrl: string;
  readonly from: string;
}

export interface ChannelsConfig {
  /** CHANNELS_KEY as given (null: derived from JWT_SECRET when that is set; channels are off when neither is). */
  readonly key: string | null;
  /** Hosts besides the platforms' own that channels may post to (a relay inside the network, test sinks). */
  readonly allowHosts: string[];
}

export interface RemindersConfig {
  readonly offsets: number[];
  readonly weeklyCap: number;
  readonly workingHours: [number, number];
  readonly sweepEveryMinutes: number;
}

export interface AuthConfig {
  /** HMAC secret for access tokens; random per process when unset outside production. */
  readonly jwtSecret: string;
  /** True when the secret was generated at start-up (tokens die with the process). */
  readonly jwtSecretGenerated: boolean;
  readonly jwtTtlSeconds: number;
  /** Login attempts allowed per client address per minute. */
  readonly loginRateLimit: number;
  /** Login attempts allowed per e-mail address per 15 minutes, whatever the client address. */
  readonly loginAccountRateLimit: number;
}
