import type { ChatPlatform } from './platforms';

/** What one answer means: delivered, worth another try later, or refused for good. */
export type ChatOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'rejected'; reason: string };

/**
 * The platforms answer HTTP 200 with an error code in the body for most refusals; documented codes:
 * DingTalk 130101 sending too fast (20 a minute), 310000 sign/keyword/IP refused, 300001 bad token;
 * WeCom 45009 frequency limit, 93000 invalid webhook URL; Feishu 9499/11232 frequency limit,
 * 19021 sign mismatch or stale timestamp, 19022 IP not allowed, 19024 keyword missing. -1 is
 * "system busy" on DingTalk and WeCom.
 */
const RATE_LIMITED: Readonly<Record<ChatPlatform, readonly number[]>> = {
  dingtalk: [130101],
  wecom: [45009],
  feishu: [9499, 11232],
  webhook: [],
};
const BUSY = [-1];
const HINTS: Readonly<Record<number, string>> = {
  310000: '请检查加签密钥、关键词或IP白名单',
  300001: '机器人令牌无效，请重新复制Webhook地址',
  93000: 'Webhook地址无效，请重新复制',
  19021: '签名不匹配或时间戳过期，请检查签名密钥',
  19022: 'IP不在白名单中',
  19024: '消息缺少机器人设置的关键词',
};
const NAMES: Readonly<Record<ChatPlatform, string>> = {
  dingtalk: '钉钉',
  wecom: '企业微信',
  feishu: '飞书',
  webhook: 'Webhook',
};

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 3600) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.min(at - now, 3_600_000));
}

function errorCode(platform: ChatPlatform, text: string): { code: number; message: string } | null {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const code = platform === 'feishu' ? (body.code ?? body.StatusCode) : body.errcode;
    const message = String((platform === 'feishu' ? (body.msg ?? body.StatusMessage) : body.errmsg) ?? '');
    return typeof code === 'number' ? { code, message: message.slice(0, 200) } : null;
  } catch {
    return null;
  }
}

/** Classifies the platform's answer to one post. Network errors and timeouts are retried by the caller. */
export function classifyResponse(
  platform: ChatPlatform,
  status: number,
  bodyText: string,
  retryAfterHeader?: string | null,
): ChatOutcome {
  const name = NAMES[platform];
  if (status === 429)
    return { kind: 'retry', reason: `${name}限流（HTTP 429）`, retryAfterMs: retryAfterMs(retryAfterHeader) };
  if (status >= 500 || status === 408) return { kind: 'retry', reason: `${name}暂时不可用（HTTP ${status}）` };
  if (status < 200 || status >= 300)
    return { kind: 'rejected', reason: `${name}拒收（HTTP ${status}）${bodyText.slice(0, 200)}`.trim() };
  if (platform === 'webhook') return { kind: 'delivered' };
  const answer = errorCode(platform, bodyText);
  if (!answer) return { kind: 'rejected', reason: `${name}的应答无法识别：${bodyText.slice(0, 200)}` };
  if (answer.code === 0) return { kind: 'delivered' };
  const detail = `${answer.code} ${answer.message}`.trim();
  if (RATE_LIMITED[platform].includes(answer.code))
    return { kind: 'retry', reason: `${name}限流（${detail}）`, retryAfterMs: 60_000 };
  if (BUSY.includes(answer.code)) return { kind: 'retry', reason: `${name}系统繁忙（${detail}）` };
  const hint = HINTS[answer.code];
  return { kind: 'rejected', reason: `${name}拒收（${detail}）${hint ? `：${hint}` : ''}` };
}
