import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the four receivers, each checking a post exactly as its platform documents
 * it (written here from the documentation, independently of libs/chat-channels):
 * - DingTalk custom robot: `access_token`; with 加签, `timestamp` (ms, within an hour) and `sign` =
 *   urlEncode(Base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret))); refused with HTTP 200
 *   {"errcode":310000,"errmsg":"sign not match"}.
 * - WeCom group robot: the `key` query parameter is the credential; markdown content ≤ 4,096 bytes;
 *   refused with {"errcode":93000,"errmsg":"invalid webhook url"}.
 * - Feishu custom bot: body `timestamp` (s, within an hour) and `sign` = Base64(HMAC-SHA256(key =
 *   timestamp + "\n" + secret, message = "")); refused with {"code":19021,…}.
 * - Generic webhook: `X-Luoshi-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + raw body))`;
 *   refused with HTTP 400.
 */
export type SinkPlatform = 'dingtalk' | 'wecom' | 'feishu' | 'webhook';

export interface ReceivedPost {
  platform: SinkPlatform;
  body: Record<string, unknown>;
  raw: string;
  /** The generic webhook's X-Luoshi-Delivery (its idempotency key). */
  deliveryId: string | null;
  at: number;
}

export interface CannedAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface ChatSinkSecrets {
  dingtalk?: string;
  feishu?: string;
  webhook?: string;
  /** The WeCom robot's key (its URL's credential). */
  wecomKey?: string;
}

const OK: Record<SinkPlatform, string> = {
  dingtalk: '{"errcode":0,"errmsg":"ok"}',
  wecom: '{"errcode":0,"errmsg":"ok"}',
  feishu: '{"code":0,"msg":"success","data":{}}',
  webhook: '',
};

const equal = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

export class ChatSink {
  readonly accepted: ReceivedPost[] = [];
  readonly refused: Array<{ platform: SinkPlatform; why: string }> = [];
  /** Answers given before any check, one per request, first in first out (e.g. 429, then 200). */
  readonly script: CannedAnswer[] = [];
  /** Milliseconds to wait before answering (a slow platform). */
  delayMs = 0;
  private server?: Server;
  private base = '';

  constructor(private readonly secrets: ChatSinkSecrets = {}) {}

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  get host(): string {
    return new URL(this.base).host;
  }

  url(platform: SinkPlatform): string {
    switch (platform) {
      case 'dingtalk':
        return `${this.base}/robot/send?access_token=sink-token`;
      case 'wecom':
        return `${this.base}/cgi-bin/webhook/send?key=${this.secrets.wecomKey ?? 'sink-key'}`;
      case 'feishu':
        return `${this.base}/open-apis/bot/v2/hook/sink-hook-0001`;
      case 'webhook':
        return `${this.base}/hooks/luoshi`;
    }
  }

  of(platform: SinkPlatform): ReceivedPost[] {
    return this.accepted.filter((p) => p.platform === platform);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private platformOf(path: string): SinkPlatform | null {
    if (path === '/robot/send') return 'dingtalk';
    if (path === '/cgi-bin/webhook/send') return 'wecom';
    if (path.startsWith('/open-apis/bot/v2/hook/')) return 'feishu';
    if (path === '/hooks/luoshi') return 'webhook';
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const url = new URL(req.url ?? '/', this.base);
    const platform = this.platformOf(url.pathname);
    const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
    };
    if (!platform || req.method !== 'POST') return send(404, '{}');
    const canned = this.script.shift();
    if (canned) return send(canned.status, canned.body ?? '', canned.headers);
    const why = this.verify(platform, url, req, raw);
    if (why) {
      this.refused.push({ platform, why });
      if (platform === 'dingtalk') return send(200, '{"errcode":310000,"errmsg":"sign not match"}');
      if (platform === 'wecom') return send(200, '{"errcode":93000,"errmsg":"invalid webhook url"}');
      if (platform === 'feishu')
        return send(
          200,
          '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}',
        );
      return send(400, 'invalid signature');
    }
    this.accepted.push({
      platform,
      body: JSON.parse(raw) as Record<string, unknown>,
      raw,
      deliveryId: (req.headers['x-luoshi-delivery'] as string | undefined) ?? null,
      at: Date.now(),
    });
    send(platform === 'webhook' ? 204 : 200, OK[platform]);
  }

  /** Why a post fails its platform's check, or null when it passes. */
  private verify(platform: SinkPlatform, url: URL, req: IncomingMessage, raw: string): string | null {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return 'body is not JSON';
    }
    const fresh = (ms: number) => Math.abs(Date.now() - ms) < 3_600_000;
    switch (platform) {
      case 'dingtalk': {
        if (!url.searchParams.get('access_token')) return 'no access_token';
        if (body.msgtype !== 'markdown') return 'not markdown';
        const secret = this.secrets.dingtalk;
        if (!secret) return null;
        const timestamp = url.searchParams.get('timestamp') ?? '';
        if (!/^\d{13}$/.test(timestamp) || !fresh(Number(timestamp))) return 'timestamp missing or stale';
        const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
        const rawSign = /[?&]sign=([^&]*)/.exec(url.search)?.[1] ?? '';
        return equal(rawSign, encodeURIComponent(expected)) ? null : 'sign not match';
      }
      case 'wecom': {
        if (url.searchParams.get('key') !== (this.secrets.wecomKey ?? 'sink-key')) return 'invalid key';
        const markdown = body.markdown as { content?: string } | undefined;
        if (body.msgtype !== 'markdown' || typeof markdown?.content !== 'string') return 'not markdown';
        return Buffer.byteLength(markdown.content, 'utf8') > 4096 ? 'content over 4096 bytes' : null;
      }
      case 'feishu': {
        const secret = this.secrets.feishu;
        if (!secret) return null;
        const timestamp = String(body.timestamp ?? '');
        if (!/^\d{10}$/.test(timestamp) || !fresh(Number(timestamp) * 1000)) return 'timestamp missing or stale';
        const expected = createHmac('sha256', `${timestamp}\n${secret}`).update('', 'utf8').digest('base64');
        return equal(String(body.sign ?? ''), expected) ? null : 'sign match fail';
      }
      case 'webhook': {
        const secret = this.secrets.webhook ?? '';
        const timestamp = String(req.headers['x-luoshi-timestamp'] ?? '');
        if (!/^\d{10}$/.test(timestamp) || !fresh(Number(timestamp) * 1000)) return 'timestamp missing or stale';
        const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`, 'utf8').digest('hex')}`;
        return equal(String(req.headers['x-luoshi-signature'] ?? ''), expected) ? null : 'invalid signature';
      }
    }
  }
}
