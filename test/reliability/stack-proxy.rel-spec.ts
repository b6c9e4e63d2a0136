import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startProxy } from '../../scripts/stack/proxy';
import { until } from '../support/until';

/**
 * The proxy of `npm run stack` against two stand-in upstreams on loopback: which requests go to
 * another upstream when one fails, what reaches the upstream, and what the client is told.
 */
type Mode = 'ok' | 'cut' | 'unhealthy';

interface Upstream {
  name: string;
  port: number;
  mode: Mode;
  seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  server: Server;
}

async function upstream(name: string): Promise<Upstream> {
  const up = { name, mode: 'ok' as Mode, seen: [] as Upstream['seen'] } as Upstream;
  up.server = createServer((req, res) => {
    if (req.url === '/api/health') {
      res.writeHead(up.mode === 'unhealthy' ? 503 : 200).end();
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      up.seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      // 'cut': the process dies holding the request (the connection drops, no answer).
      if (up.mode === 'cut') req.socket.destroy();
      else res.writeHead(200, { 'content-type': 'text/plain', 'x-served-by': name }).end(`${name}:${body}`);
    });
  });
  await new Promise<void>((resolve) => up.server.listen(0, '127.0.0.1', resolve));
  up.port = (up.server.address() as AddressInfo).port;
  return up;
}

describe('startProxy', () => {
  let a: Upstream;
  let b: Upstream;
  let proxy: ReturnType<typeof startProxy>;
  let base: string;
  const lines: string[] = [];

  beforeAll(async () => {
    a = await upstream('a');
    b = await upstream('b');
    proxy = startProxy({
      host: '127.0.0.1',
      port: 0,
      upstreams: [a, b].map((u) => ({ name: u.name, port: u.port })),
      maxBodyBytes: 1024,
      healthEveryMs: 100,
      log: (line) => lines.push(line),
    });
    await proxy.listening;
    base = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    await until(() => proxy.upstreams.every((u) => u.healthy), 'both upstreams to be healthy', 5000);
  });

  beforeEach(() => {
    a.mode = 'ok';
    b.mode = 'ok';
    a.seen.length = 0;
    b.seen.length = 0;
  });

  afterAll(async () => {
    await proxy?.close(100);
    await Promise.all([a, b].map((u) => new Promise((r) => u?.server.close(r))));
  });

  const both = () => [...a.seen, ...b.seen];

  describe('retries', () => {
    it('sends a GET whose upstream died holding it to the other upstream', async () => {
      a.mode = 'cut';
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${base}/api/tasks?page=${i}`);
        await expect(res.text()).resolves.toBe('b:');
      }
      expect(b.seen).toHaveLength(4);
    });

    it('answers 502 for a comment whose upstream died holding it, and never sends it twice', async () => {
      a.mode = 'cut';
      b.mode = 'cut';
      const res = await fetch(`${base}/api/tasks/1/comments`, { method: 'POST', body: '{"body":"x"}' });
      expect(res.status).toBe(502);
      await expect(res.json()).resolves.toMatchObject({ code: 'UPSTREAM_FAILED', messageZh: expect.any(String) });
      expect(both()).toHaveLength(1);
    });

    it('sends a report upload again after its upstream died holding it (uploads are stored once by content)', async () => {
      a.mode = 'cut';
      b.mode = 'cut';
      const res = await fetch(`${base}/api/reports`, { method: 'POST', body: '{"text":"报告"}' });
      expect(res.status).toBe(502);
      expect(both().map((s) => [s.method, s.url, s.body])).toEqual([
        ['POST', '/api/reports', '{"text":"报告"}'],
        ['POST', '/api/reports', '{"text":"报告"}'],
      ]);
    });

    it('sends any write to the other upstream when the first refused the connection (nothing was sent)', async () => {
      const gone = await upstream('gone');
      const port = gone.port;
      await new Promise((r) => gone.server.close(r));
      const two = startProxy({
        host: '127.0.0.1',
        port: 0,
        upstreams: [
          { name: 'gone', port },
          { name: 'b', port: b.port },
        ],
        maxBodyBytes: 1024,
        healthEveryMs: 60_000,
        log: () => undefined,
      });
      try {
        await two.listening;
        const url = `http://127.0.0.1:${(two.server.address() as AddressInfo).port}/api/tasks/1/comments`;
        // Before the first health check answers, both are tried in turn: the refused one, then b.
        const answers = await Promise.all([1, 2].map(() => fetch(url, { method: 'POST', body: 'c' })));
        expect(answers.map((r) => r.status)).toEqual([200, 200]);
        expect(b.seen).toHaveLength(2);
      } finally {
        await two.close(100);
      }
    });
  });

  describe('forwarding', () => {
    it('replaces the client-sent X-Forwarded-For with the client address and drops hop-by-hop headers', async () => {
      // node:http, since fetch will not send a Connection header naming others.
      const status = await new Promise<number | undefined>((resolve, reject) =>
        request(
          `${base}/api/tasks`,
          {
            headers: {
              'x-forwarded-for': '6.6.6.6',
              'x-custom': 'hop',
              'keep-alive': 'timeout=5',
              connection: 'x-custom',
            },
          },
          (res) => resolve(res.resume().statusCode),
        )
          .on('error', reject)
          .end(),
      );
      expect(status).toBe(200);
      const [{ headers }] = both();
      expect(headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(headers['x-forwarded-proto']).toBe('http');
      expect(headers['x-custom']).toBeUndefined();
      expect(headers['keep-alive']).toBeUndefined();
    });

    it('refuses a body above the limit with 413, sending nothing upstream', async () => {
      const res = await fetch(`${base}/api/reports`, { method: 'POST', body: 'x'.repeat(2048) });
      expect(res.status).toBe(413);
      await expect(res.json()).resolves.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', messageZh: expect.any(String) });
      expect(both()).toEqual([]);
    });

    it('sends nothing to an upstream whose health check fails while the other is healthy', async () => {
      a.mode = 'unhealthy';
      await until(() => !proxy.upstreams[0].healthy, 'a to leave the rotation', 5000);
      for (let i = 0; i < 6; i++) expect((await fetch(`${base}/api/tasks`)).headers.get('x-served-by')).toBe('b');
      a.mode = 'ok';
      await until(() => proxy.upstreams[0].healthy, 'a to come back', 5000);
      expect(lines).toEqual(expect.arrayContaining(['a left the rotation (health 503)']));
    });
  });
});
