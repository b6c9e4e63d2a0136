/** Where luoshi can post reminders besides e-mail. */
export const CHAT_PLATFORMS = ['dingtalk', 'wecom', 'feishu', 'webhook'] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];

export interface PlatformRules {
  /** Chinese name shown to users. */
  label: string;
  /** The platform's own webhook hosts; a URL elsewhere is refused unless the host is allowed by configuration. */
  hosts: readonly string[] | null;
  /** Messages one robot accepts per minute (the platform's documented limit; ours for the generic webhook). */
  perMinute: number;
  /** Whether a signing secret is required, optional or not part of the scheme. */
  secret: 'required' | 'optional' | 'none';
}

/**
 * Documented limits: a DingTalk custom robot takes 20 messages a minute (more and it is throttled
 * for 10 minutes); a WeCom group robot 20 a minute; a Feishu custom bot 100 a minute (5 a second).
 * The generic webhook is ours: 120 a minute per endpoint keeps an integrator's receiver safe.
 */
export const PLATFORM_RULES: Readonly<Record<ChatPlatform, PlatformRules>> = {
  dingtalk: { label: '钉钉群机器人', hosts: ['oapi.dingtalk.com'], perMinute: 20, secret: 'optional' },
  wecom: { label: '企业微信群机器人', hosts: ['qyapi.weixin.qq.com'], perMinute: 20, secret: 'none' },
  feishu: {
    label: '飞书自定义机器人',
    hosts: ['open.feishu.cn', 'open.larksuite.com'],
    perMinute: 100,
    secret: 'optional',
  },
  webhook: { label: '通用 Webhook（签名 JSON）', hosts: null, perMinute: 120, secret: 'required' },
};

export function isChatPlatform(value: unknown): value is ChatPlatform {
  return typeof value === 'string' && (CHAT_PLATFORMS as readonly string[]).includes(value);
}
