import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * A process must not hang on at shutdown because Redis is down: closing a client that is between
 * reconnect attempts leaves ioredis's half-open-socket timer behind (2 s by default), so it runs in
 * a child process of its own and we read how long that child lived after the disconnect.
 */
describe('createRedisClient', () => {
  it('lets the process exit soon after disconnect() during an outage', () => {
    const script = `
      const { createRedisClient } = require(${JSON.stringify(join(__dirname, 'redis.client.ts'))});
      const outages = [];
      const client = createRedisClient({ url: 'redis://127.0.0.1:1', prefix: 'luoshi-test' }, { onUnreachable: (m) => outages.push(m) });
      client.once('reconnecting', () => {
        client.disconnect();
        const closedAt = Date.now();
        process.on('exit', () => process.stdout.write(JSON.stringify({ outages, lingeredMs: Date.now() - closedAt })));
      });`;
    const child = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(child.status).toBe(0);
    const report = JSON.parse(child.stdout) as { outages: string[]; lingeredMs: number };
    expect(report.outages).toHaveLength(1);
    expect(report.outages[0]).toContain('Redis 无法连接');
    // ioredis's default would keep it alive 2,000 ms; ours arms 300 ms.
    expect(report.lingeredMs).toBeLessThan(1500);
  });
});
