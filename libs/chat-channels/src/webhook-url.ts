import { isIP } from 'node:net';
import { PLATFORM_RULES, type ChatPlatform } from './platforms';

export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string; messageZh: string };

const MAX_URL = 2048;

function v4Private(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

/** Loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses (v4, v6, v4-mapped v6). */
export function isPrivateAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(bare) === 4) return v4Private(bare);
  if (isIP(bare) !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return v4Private(mapped[1]);
  return (
    bare === '::' ||
    bare === '::1' ||
    /^f[cd][0-9a-f]{0,2}:/.test(bare) ||
    /^fe[89ab][0-9a-f]?:/.test(bare) ||
    bare.startsWith('ff')
  );
}

/** `host` or `host:port` as written in CHANNELS_ALLOW_HOSTS. */
function allowed(url: URL, allowHosts: readonly string[]): boolean {
  const hosts = new Set(allowHosts.map((h) => h.trim().toLowerCase()).filter(Boolean));
  return hosts.has(url.host.toLowerCase()) || hosts.has(url.hostname.toLowerCase());
}

const PATHS: Readonly<Partial<Record<ChatPlatform, { path: RegExp; param?: string; example: string }>>> = {
  dingtalk: {
    path: /^\/robot\/send$/,
    param: 'access_token',
    example: 'https://oapi.dingtalk.com/robot/send?access_token=…',
  },
  wecom: {
    path: /^\/cgi-bin\/webhook\/send$/,
    param: 'key',
    example: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  },
  feishu: {
    path: /^\/open-apis\/bot\/v2\/hook\/[\w-]{8,}$/,
    example: 'https://open.feishu.cn/open-apis/bot/v2/hook/…',
  },
};

const fail = (message: string, messageZh: string): UrlCheck => ({ ok: false, message, messageZh });

/**
 * Whether a webhook URL may be stored for this platform. A robot's URL must be the platform's own
 * (https, its host, its path and token parameter), so a channel cannot be pointed at a server
 * inside the network (SSRF); the generic webhook takes any https URL whose host is not a private
 * or loopback address (its name is resolved again before each post). Hosts listed in
 * CHANNELS_ALLOW_HOSTS (a local relay, the tests' sinks) are accepted over http too.
 */
export function checkWebhookUrl(platform: ChatPlatform, raw: string, allowHosts: readonly string[] = []): UrlCheck {
  if (raw.length > MAX_URL) return fail(`URL longer than ${MAX_URL} characters`, `地址超过${MAX_URL}个字符`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('not a URL', '不是有效的网址');
  }
  if (url.username || url.password) return fail('no user or password in the URL', '地址中不能包含用户名或密码');
  if (url.hash) return fail('no #fragment in a webhook URL', 'Webhook地址不能包含#片段');
  const isAllowed = allowed(url, allowHosts);
  if (url.protocol !== 'https:' && !(isAllowed && url.protocol === 'http:'))
    return fail('the webhook URL must use https', 'Webhook地址必须使用https');
  const rules = PLATFORM_RULES[platform];
  const shape = PATHS[platform];
  if (!isAllowed) {
    if (rules.hosts && !rules.hosts.includes(url.hostname.toLowerCase()))
      return fail(
        `a ${platform} webhook is on ${rules.hosts.join(' or ')}`,
        `${rules.label}的地址应以 https://${rules.hosts[0]} 开头`,
      );
    if (!rules.hosts) {
      const host = url.hostname.toLowerCase();
      if (
        isIP(host.replace(/^\[|\]$/g, '')) !== 0
          ? isPrivateAddress(host)
          : host === 'localhost' || /\.(localhost|local|internal|lan|home|corp)$/.test(host) || !host.includes('.')
      )
        return fail('the webhook must be on a public host', 'Webhook地址不能指向内网或本机地址');
    }
  }
  if (shape) {
    if (!shape.path.test(url.pathname)) return fail(`expected ${shape.example}`, `地址格式应为 ${shape.example}`);
    if (shape.param && !url.searchParams.get(shape.param))
      return fail(`the URL has no ${shape.param}`, `地址缺少 ${shape.param} 参数，请完整复制`);
  }
  return { ok: true, url };
}

/** The URL as users see it after saving: host and path, tokens cut to their first four characters. */
export function maskWebhookUrl(raw: string): string {
  try {
    const url = new URL(raw);
    const path = url.pathname
      .split('/')
      .map((part) => (part.length > 12 ? `${part.slice(0, 4)}…` : part))
      .join('/');
    const query = [...url.searchParams.keys()].map((k) => `${k}=${(url.searchParams.get(k) ?? '').slice(0, 4)}…`);
    return `${url.protocol}//${url.host}${path}${query.length ? `?${query.join('&')}` : ''}`;
  } catch {
    return '…';
  }
}
