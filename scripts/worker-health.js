#!/usr/bin/env node
'use strict';
// A worker container's healthcheck (docker-compose.yml, profile scale): exit 0 while a worker
// process on this host keeps its heartbeat in Redis (apps/worker/src/worker-heartbeat.service.ts,
// key <REDIS_PREFIX>:workers:<hostname>:<pid>, refreshed every 10 s with a 30 s TTL), else 1.
const { hostname } = require('node:os');
const { Redis } = require('ioredis');

const prefix = (process.env.REDIS_PREFIX ?? '').trim() || 'luoshi';
const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', {
  maxRetriesPerRequest: 1,
  connectTimeout: 3000,
});
redis.on('error', () => undefined);

async function main() {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:workers:${hostname()}:*`, 'COUNT', 1000);
    if (keys.length > 0) return true;
    cursor = next;
  } while (cursor !== '0');
  return false;
}

main().then(
  (beating) => {
    redis.disconnect();
    process.stdout.write(beating ? 'worker heartbeat found\n' : `no worker heartbeat for ${hostname()}\n`);
    process.exit(beating ? 0 : 1);
  },
  (err) => {
    redis.disconnect();
    process.stdout.write(`Redis not reachable: ${err.message}\n`);
    process.exit(1);
  },
);
