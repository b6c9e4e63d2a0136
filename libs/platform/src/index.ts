export { LoggingModule } from './logging.module';
export { RedisModule, REDIS_CLIENT, InjectRedis } from './redis.module';
export {
  createRedisClient,
  createWorkerConnection,
  pingRedis,
  redisUnreachableMessage,
  type RedisClientOptions,
} from './redis.client';
export { RedisHealthIndicator } from './redis.health';
export { workerHeartbeatKey, workerHeartbeatPattern } from './worker-heartbeat.util';
export { hashPassword, verifyPassword } from './password.util';
export { WorkersHealthIndicator } from './workers.health';
export { cacheValidationMetadata } from './validation-metadata.cache';
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem, temporaryPassword } from './password-policy.util';
export { redactUrl, redactUrlCredentials } from './log-redaction.util';
