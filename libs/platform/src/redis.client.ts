import { Redis } from 'ioredis';
import type { RedisConfig } from '@luoshi/config';
import { redactUrlCredentials } from './log-redaction.util';

/** How long a closing connection may stay half-open before it is destroyed. */
const REDIS_DISCONNECT_TIMEOUT_MS = 300;

export interface RedisClientOptions {
  /** Called once per outage (not on every reconnect attempt) with a one-line explanation. */
  onUnreachable?: (message: string) => void;
  onReconnected?: () => void;
}

/**
 * An ioredis connection shaped for BullMQ (`maxRetriesPerRequest: null`) that never crashes the
 * process when Redis is down: it keeps reconnecting and reports each outage once.
 */
export function createRedisClient(config: RedisConfig, options: RedisClientOptions = {}): Redis {
  const client = new Redis(config.url, {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 500, 5000),
    // ioredis's disconnect() arms this timer (to destroy a half-open socket) even when the socket
    // is already gone, as during an outage, and only the socket's 'close' event clears it; with
    // the default 2 s a process shut down while Redis is unreachable lingered that long.
    disconnectTimeout: REDIS_DISCONNECT_TIMEOUT_MS,
  });
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    options.onUnreachable?.(redisUnreachableMessage(config.url, err));
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    options.onReconnected?.();
  });
  return client;
}

/**
 * A worker's own connection for BullMQ's blocking commands: retries every command forever
 * (`maxRetriesPerRequest: null`, as BullMQ requires) and closes as promptly as the shared client.
 * Its errors are the shared client's to report (once per outage), so here they are only swallowed.
 */
export function createWorkerConnection(config: RedisConfig): Redis {
  const connection = new Redis(config.url, {
    maxRetriesPerRequest: null,
    disconnectTimeout: REDIS_DISCONNECT_TIMEOUT_MS,
  });
  connection.on('error', () => undefined);
  return connection;
}

export function redisUnreachableMessage(url: string, err?: Error): string {
  return (
    `Redis is unreachable at ${redactUrlCredentials(url)}${err ? ` (${err.message})` : ''}: reminders are paused, everything else works. ` +
    `Start it with: redis-server --daemonize yes   (Redis 无法连接：提醒暂停，其余功能正常)`
  );
}

/**
 * PINGs Redis and resolves with the round-trip time, or rejects after `timeoutMs`.
 * A connection still being established gets the same grace as a slow answer.
 */
export async function pingRedis(client: Redis, timeoutMs = 1000): Promise<number> {
  // While ioredis is between reconnect attempts a PING would only wait in its offline queue.
  if (!['ready', 'connect', 'connecting', 'wait'].includes(client.status))
    throw new Error(`connection ${client.status}`);
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms (${client.status})`)), timeoutMs);
      }),
    ]);
    return Date.now() - started;
  } finally {
    clearTimeout(timer);
  }
}
