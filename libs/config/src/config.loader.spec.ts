import { availableParallelism } from 'node:os';
import { ConfigError } from './config.exception';
import { loadConfig } from './config.loader';

describe(loadConfig.name, () => {
  it('returns the embedded defaults when nothing is set', () => {
    const { auth, mail, reminders, ...config } = loadConfig({});
    expect(mail).toEqual({ smtpUrl: 'smtp://127.0.0.1:1025', from: '落实 luoshi <luoshi@localhost>' });
    expect(reminders).toEqual({ offsets: [30, 7, 1], weeklyCap: 10, workingHours: [9, 18], sweepEveryMinutes: 60 });
    expect(auth).toEqual({
      jwtSecret: expect.stringMatching(/^[0-9a-f]{64}$/),
      jwtSecretGenerated: true,
      jwtTtlSeconds: 28800,
      loginRateLimit: 10,
      loginAccountRateLimit: 20,
    });
    expect(config).toEqual({
      env: 'development',
      host: '127.0.0.1',
      port: 3000,
      apiWorkers: 1,
      trustProxy: false,
      listThreads: 2,
      walCheckpointThread: true,
      logLevel: 'info',
      database: { type: 'better-sqlite3', path: './data/luoshi.sqlite' },
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'luoshi' },
      publicUrl: 'http://localhost:3000',
      reportMaxBytes: 5 * 1024 * 1024,
      attachments: { dir: 'data/attachments', maxBytes: 20 * 1024 * 1024, s3: null },
      parse: { threads: 2, timeoutSeconds: 5, testIngestHoldMs: 0 },
      webRoot: './dist/web',
      channels: { key: null, allowHosts: [] },
      jobLockSeconds: 30,
    });
  });

  it('reads the channel key and allowed hosts, and refuses a key that is not 32 bytes', () => {
    expect(
      loadConfig({ CHANNELS_KEY: 'ab'.repeat(32), CHANNELS_ALLOW_HOSTS: 'relay.internal:8080,10.0.0.5' }).channels,
    ).toEqual({ key: 'ab'.repeat(32), allowHosts: ['relay.internal:8080', '10.0.0.5'] });
    expect(() => loadConfig({ CHANNELS_KEY: 'short' })).toThrow(/CHANNELS_KEY/);
    expect(() => loadConfig({ CHANNELS_ALLOW_HOSTS: 'http://x/y' })).toThrow(/CHANNELS_ALLOW_HOSTS/);
  });

  it('takes the parse threads and budget, and the ingest hold only in tests', () => {
    expect(loadConfig({ PARSE_THREADS: '3', PARSE_TIMEOUT_SECONDS: '9' }).parse).toEqual({
      threads: 3,
      timeoutSeconds: 9,
      testIngestHoldMs: 0,
    });
    expect(loadConfig({ NODE_ENV: 'test', TEST_INGEST_HOLD_MS: '250' }).parse.testIngestHoldMs).toBe(250);
    expect(() => loadConfig({ TEST_INGEST_HOLD_MS: '250' })).toThrow(/TEST_INGEST_HOLD_MS is for fault tests only/);
    for (const bad of [{ PARSE_THREADS: '0' }, { PARSE_TIMEOUT_SECONDS: '0' }, { PARSE_TIMEOUT_SECONDS: 'soon' }])
      expect(() => loadConfig(bad)).toThrow(ConfigError);
  });

  it('keeps attachments beside the SQLite file unless ATTACHMENTS_DIR says where', () => {
    expect(loadConfig({ SQLITE_PATH: '/var/lib/luoshi/luoshi.sqlite' }).attachments.dir).toBe(
      '/var/lib/luoshi/attachments',
    );
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/luoshi' }).attachments.dir).toBe('data/attachments');
    expect(loadConfig({ ATTACHMENTS_DIR: '/srv/files', ATTACHMENTS_MAX_BYTES: '1048576' }).attachments).toEqual({
      dir: '/srv/files',
      maxBytes: 1048576,
      s3: null,
    });
    expect(() => loadConfig({ ATTACHMENTS_MAX_BYTES: '10' })).toThrow(/ATTACHMENTS_MAX_BYTES/);
  });

  it('keeps attachments in an S3-compatible bucket when ATTACHMENTS_S3_BUCKET is set', () => {
    expect(
      loadConfig({
        ATTACHMENTS_S3_BUCKET: 'luoshi-files',
        ATTACHMENTS_S3_ENDPOINT: 'http://minio.internal:9000',
        ATTACHMENTS_S3_ACCESS_KEY_ID: 'luoshi',
        ATTACHMENTS_S3_SECRET_ACCESS_KEY: 'secret-key',
        ATTACHMENTS_S3_FORCE_PATH_STYLE: 'true',
      }).attachments.s3,
    ).toEqual({
      bucket: 'luoshi-files',
      endpoint: 'http://minio.internal:9000',
      region: 'us-east-1',
      credentials: { accessKeyId: 'luoshi', secretAccessKey: 'secret-key' },
      forcePathStyle: true,
      prefix: 'attachments/',
    });
    expect(
      loadConfig({ ATTACHMENTS_S3_BUCKET: 'luoshi-files', ATTACHMENTS_S3_REGION: 'cn-north-1' }).attachments.s3,
    ).toMatchObject({ endpoint: null, region: 'cn-north-1', credentials: null, forcePathStyle: false });
  });

  it.each([
    ['an endpoint without a bucket', { ATTACHMENTS_S3_ENDPOINT: 'http://minio:9000' }, ['ATTACHMENTS_S3_BUCKET']],
    [
      'a key id without its secret',
      { ATTACHMENTS_S3_BUCKET: 'files', ATTACHMENTS_S3_ACCESS_KEY_ID: 'luoshi' },
      ['ATTACHMENTS_S3_SECRET_ACCESS_KEY'],
    ],
    [
      'a secret alone',
      { ATTACHMENTS_S3_SECRET_ACCESS_KEY: 'secret-key' },
      ['ATTACHMENTS_S3_ACCESS_KEY_ID', 'ATTACHMENTS_S3_BUCKET'],
    ],
    [
      'malformed values',
      {
        ATTACHMENTS_S3_BUCKET: 'Not A Bucket',
        ATTACHMENTS_S3_ENDPOINT: 'minio:9000',
        ATTACHMENTS_S3_FORCE_PATH_STYLE: 'yes',
        ATTACHMENTS_S3_PREFIX: '/abs',
      },
      ['ATTACHMENTS_S3_BUCKET', 'ATTACHMENTS_S3_ENDPOINT', 'ATTACHMENTS_S3_FORCE_PATH_STYLE', 'ATTACHMENTS_S3_PREFIX'],
    ],
  ])('refuses %s at start, naming the variables', (_what, env, variables) => {
    try {
      loadConfig(env);
      throw new Error('loaded');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.map((p) => p.variable).sort()).toEqual(variables);
      expect((err as ConfigError).message).not.toContain('secret-key');
    }
  });

  it('switches to PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/luoshi' }).database).toEqual({
      type: 'postgres',
      url: 'postgres://u@db:5432/luoshi',
    });
  });

  it('treats empty strings as unset and trims values', () => {
    const config = loadConfig({ PORT: ' 8080 ', DATABASE_URL: '', PUBLIC_URL: 'https://luoshi.example.gov.cn/' });
    expect(config.port).toBe(8080);
    expect(config.database.type).toBe('better-sqlite3');
    expect(config.publicUrl).toBe('https://luoshi.example.gov.cn');
  });

  it('names every bad variable at once when the environment is invalid', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', REDIS_URL: 'http://nope', LOG_LEVEL: 'loud', UNRELATED: 'x' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const error = err as ConfigError;
      expect(error.problems.map((p) => p.variable).sort()).toEqual(['LOG_LEVEL', 'PORT', 'REDIS_URL']);
      expect(error.message).toContain('PORT="eighty"');
      expect(error.message).toContain('REDIS_URL must be a redis://');
    }
  });

  it('rejects a non-PostgreSQL DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root@localhost/db' })).toThrow(
      /DATABASE_URL must be a postgres:\/\/ URL/,
    );
  });

  it('requires a JWT secret of 32+ characters in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required in production/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) + 'y' }).auth.jwtSecretGenerated).toBe(
      false,
    );
  });

  it('refuses a JWT secret that is one character repeated', () => {
    expect(() => loadConfig({ JWT_SECRET: 'a'.repeat(64) })).toThrow(/must not be one character repeated/);
    expect(() => loadConfig({ JWT_SECRET: '0'.repeat(32) })).toThrow(/JWT_SECRET/);
  });

  it('trusts no proxy unless told: a hop count or a list of proxy addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback,10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    for (const bad of ['true', 'all the things', '10.0.0.0/8,,x', '*'])
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
  });

  it('reads reminder settings and refuses malformed ones', () => {
    expect(loadConfig({ REMINDER_OFFSETS: '14,3', REMINDER_HOURS: '8-17' }).reminders).toMatchObject({
      offsets: [14, 3],
      workingHours: [8, 17],
    });
    expect(() => loadConfig({ REMINDER_OFFSETS: 'soon' })).toThrow(/REMINDER_OFFSETS/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL/);
  });

  it('reads API_WORKERS as a count, or one per CPU core for auto', () => {
    expect(loadConfig({ API_WORKERS: '4' }).apiWorkers).toBe(4);
    expect(loadConfig({ API_WORKERS: 'auto' }).apiWorkers).toBe(availableParallelism());
    for (const bad of ['0', '65', 'many', '-1', '2.5'])
      expect(() => loadConfig({ API_WORKERS: bad })).toThrow(/API_WORKERS/);
  });

  it('reads LIST_THREADS as a count from 0 (lists read on the event loop) to 16', () => {
    expect(loadConfig({ LIST_THREADS: '0' }).listThreads).toBe(0);
    expect(loadConfig({ LIST_THREADS: '3' }).listThreads).toBe(3);
    for (const bad of ['17', 'two', '-1', '1.5'])
      expect(() => loadConfig({ LIST_THREADS: bad })).toThrow(/LIST_THREADS/);
  });

  it('reads WAL_CHECKPOINT_THREAD as on (the default) or off', () => {
    expect(loadConfig({}).walCheckpointThread).toBe(true);
    expect(loadConfig({ WAL_CHECKPOINT_THREAD: 'on' }).walCheckpointThread).toBe(true);
    expect(loadConfig({ WAL_CHECKPOINT_THREAD: 'off' }).walCheckpointThread).toBe(false);
    for (const bad of ['no', '0', 'false'])
      expect(() => loadConfig({ WAL_CHECKPOINT_THREAD: bad })).toThrow(/WAL_CHECKPOINT_THREAD/);
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });
});
