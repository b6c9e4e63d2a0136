export { loadConfig, type Env } from './config.loader';
export { ConfigError, type ConfigProblem } from './config.exception';
export type {
  AppConfig,
  AttachmentsConfig,
  S3AttachmentsConfig,
  AuthConfig,
  MailConfig,
  ParseConfig,
  RemindersConfig,
  DatabaseConfig,
  RedisConfig,
  NodeEnv,
  LogLevel,
} from './config.types';
export { ConfigModule, APP_CONFIG, InjectConfig, readProcessEnv } from './config.module';
export { loadConfigOrExit, EXIT_CONFIG } from './boot.util';
