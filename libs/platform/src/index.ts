export { LoggingModule } from './logging.module';
export { RedisModule, REDIS_CLIENT, InjectRedis } from './redis.module';
export { createRedisClient, pingRedis, REDIS_DISCONNECT_TIMEOUT_MS, redisUnreachableMessage, type RedisClientOptions } from './redis.client';
export { RedisHealthIndicator } from './redis.health';
export { workerHeartbeatKey, workerHeartbeatPattern } from './worker-heartbeat.util';
export { hashPassword, verifyPassword } from './password.util';
export { WorkersHealthIndicator } from './workers.health';
