'use strict';
// The reverse proxy of `npm run stack`: one port in front of several API processes, health-checked,
// retrying a request on another API when that is safe.
//
// Built on node:http (client and server) rather than http-proxy (unmaintained since 2020) or
// @fastify/http-proxy: neither sends a request again to another upstream, and that policy — which
// requests may go twice — is the whole point here. node:http does the protocol work (parsing,
// keep-alive pools); this file only picks an upstream, copies headers and decides on retries.
const http = require('node:http');

/** Methods HTTP defines as idempotent: sending one twice has the effect of sending it once. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * Writes luoshi makes idempotent itself, so they may go again after an API died mid-request:
 * a report upload is stored once per bureau and content (unique index uq_report_bureau_hash,
 * checked in the storing transaction); sent again it answers 200 "duplicate" with the same report.
 */
const REPLAYABLE = [{ method: 'POST', path: /^\/api\/reports\/?(\?|$)/ }];

/** Connection-level headers that describe one hop, never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Errors raised before a byte of the request reached the upstream: any method may go elsewhere. */
const NOT_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** Whether a request that failed with `err` may be sent to another upstream. */
function mayRetry(method, url, err) {
  if (NOT_SENT.has(err.code)) return true;
  if (IDEMPOTENT.has(method)) return true;
  return REPLAYABLE.some((r) => r.method === method && r.path.test(url));
}

function forwardedHeaders(req) {
  const headers = {};
  const listed = new Set(
    String(req.headers.connection ?? '')
      .toLowerCase()
      .split(',')
      .map((h) => h.trim()),
  );
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HOP_BY_HOP.has(name) && !listed.has(name)) headers[name] = value;
  }
  // The edge proxy says who the client is and replaces what the client claimed: the APIs trust this
  // hop (TRUST_PROXY=loopback), so a client-sent X-Forwarded-For must not reach them.
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  headers['x-forwarded-proto'] = 'http';
  if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
  return headers;
}

function sendError(res, status, code, message, messageZh) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ statusCode: status, code, message, messageZh });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Starts the proxy. `upstreams`: [{ name, port }] on 127.0.0.1. Requests go round-robin to the
 * upstreams whose health check last answered 200 (then, as a last resort, to the others); a
 * request that fails before any response goes to the next upstream when {@link mayRetry} allows.
 * Request bodies are read whole first (up to `maxBodyBytes`) so that one can be sent again.
 *
 * @returns {{ server: http.Server, upstreams: object[], close(graceMs?: number): Promise<void> }}
 */
function startProxy({ host, port, upstreams, maxBodyBytes, healthPath = '/api/health', healthEveryMs = 1000, log }) {
  const ups = upstreams.map((u) => ({
    ...u,
    healthy: false,
    agent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  }));
  let next = 0;

  const setHealth = (up, healthy, why) => {
    if (up.healthy === healthy) return;
    up.healthy = healthy;
    log(`${up.name} ${healthy ? 'is healthy, receiving requests' : `left the rotation (${why})`}`);
  };

  const check = (up) =>
    new Promise((resolve) => {
      const req = http.get(
        { host: '127.0.0.1', port: up.port, path: healthPath, agent: false, timeout: 2000 },
        (res) => {
          res.resume();
          setHealth(up, res.statusCode === 200, `health ${res.statusCode}`);
          resolve();
        },
      );
      req.on('timeout', () => req.destroy(new Error('health check timed out')));
      req.on('error', (err) => {
        setHealth(up, false, err.code ?? err.message);
        resolve();
      });
    });
  let checking = true;
  const checkAll = () => Promise.all(ups.map(check));
  const timer = setInterval(() => void checkAll(), healthEveryMs);
  void checkAll();

  /** Healthy upstreams from the next in turn, then the rest. */
  const order = () => {
    const start = next++ % ups.length;
    const rotated = [...ups.slice(start), ...ups.slice(0, start)];
    return [...rotated.filter((u) => u.healthy), ...rotated.filter((u) => !u.healthy)];
  };

  const forward = (req, res, body) => {
    const candidates = order();
    let current = null;
    // The client gone: the request under way upstream is dropped too.
    res.on('close', () => {
      if (!res.writableFinished) current?.destroy();
    });
    const headers = forwardedHeaders(req);
    headers['content-length'] = String(body.length);
    if (body.length === 0 && !['POST', 'PUT', 'PATCH'].includes(req.method)) delete headers['content-length'];
    const attempt = (i, lastErr) => {
      const up = candidates[i];
      if (!up) {
        sendError(
          res,
          502,
          'UPSTREAM_UNAVAILABLE',
          `No API process answered (${lastErr?.code ?? lastErr?.message ?? 'none running'})`,
          'API 服务暂不可用，请稍后重试',
        );
        return;
      }
      const upstreamReq = http.request(
        { host: '127.0.0.1', port: up.port, method: req.method, path: req.url, headers, agent: up.agent },
        (upstreamRes) => {
          const out = {};
          for (const [name, value] of Object.entries(upstreamRes.headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, out);
          upstreamRes.pipe(res);
          // The upstream dying mid-body: the status is sent, so the client's connection is cut.
          upstreamRes.on('aborted', () => res.destroy());
          upstreamRes.on('error', () => res.destroy());
        },
      );
      upstreamReq.on('error', (err) => {
        if (res.headersSent || res.destroyed) {
          res.destroy();
          return;
        }
        if (err.code === 'ECONNREFUSED') setHealth(up, false, err.code);
        if (mayRetry(req.method, req.url, err)) {
          log(
            `${req.method} ${req.url.split('?')[0]} failed on ${up.name} (${err.code ?? err.message}); trying another`,
          );
          attempt(i + 1, err);
        } else {
          // The request may have been carried out: sending it again could do it twice.
          sendError(
            res,
            502,
            'UPSTREAM_FAILED',
            `The API process handling this request stopped (${err.code ?? err.message}); whether it was carried out is unknown`,
            '处理该请求的 API 进程意外退出，请求是否完成未知，请刷新后确认',
          );
        }
      });
      current = upstreamReq;
      upstreamReq.end(body);
    };
    attempt(0);
  };

  const server = http.createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        sendError(
          res,
          413,
          'PAYLOAD_TOO_LARGE',
          `Request body larger than ${maxBodyBytes} bytes`,
          `请求内容超过 ${maxBodyBytes} 字节`,
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (size <= maxBodyBytes) forward(req, res, Buffer.concat(chunks));
    });
    req.on('error', () => res.destroy());
  });
  // Requests can be long (a report upload parses for seconds); the APIs bound them, not the proxy.
  server.requestTimeout = 0;

  const listening = new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });

  return {
    server,
    upstreams: ups,
    listening,
    /** Stops accepting; requests under way get `graceMs` to finish. */
    close(graceMs = 10_000) {
      if (!checking) return Promise.resolve();
      checking = false;
      clearInterval(timer);
      return new Promise((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          for (const up of ups) up.agent.destroy();
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

module.exports = { startProxy, mayRetry };
