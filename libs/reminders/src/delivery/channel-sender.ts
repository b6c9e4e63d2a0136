import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { DataSource } from 'typeorm';
import {
  PLATFORM_RULES,
  SecretBoxError,
  buildChatRequest,
  checkWebhookUrl,
  classifyResponse,
  isChatPlatform,
  isPrivateAddress,
  openSecret,
  type ChatEndpoint,
  type ChatMessage,
  type ChatPlatform,
} from '@luoshi/chat-channels';
import { ChannelRepository, ReminderRepository, type ChannelDeliveryRow } from '@luoshi/db';
import { chatDigest, chatReminder, inQuietHours, type ChatReminderKind } from '@luoshi/reminder-policy';
import { taskLines } from './task-lines';

export interface ChannelSenderOptions {
  publicUrl: string;
  /** The key that opens sealed URLs and secrets (null: channels are not configured). */
  key: Buffer | null;
  /** Hosts allowed besides the platforms' own (CHANNELS_ALLOW_HOSTS). */
  allowHosts: string[];
  timeoutMs?: number;
}

/** Why a post did not go: `permanent` stops retrying (refused signature, bad URL); `retryAfterMs` is the platform's wish. */
export class ChannelPostError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export type ChannelOutcome =
  | { kind: 'sent' }
  | { kind: 'skipped' }
  /** The owner of a personal channel is in quiet hours: left pending for a later sweep. */
  | { kind: 'quiet' }
  /** The channel's per-minute allowance is used up: try again after `waitMs`. */
  | { kind: 'throttled'; waitMs: number };

/** Grants a post to a channel or says how long to wait (the worker keeps a per-channel window in Redis). */
export type RateGate = (channelId: number, perMinute: number) => Promise<number>;

/** Answers read from a platform are short; a body larger than this is cut (and is not a valid answer). */
const MAX_ANSWER_BYTES = 64 * 1024;

export const CHANNEL_SEAL = { url: 'chat_channel.url', secret: 'chat_channel.secret' } as const;

/**
 * Posts one message to a chat endpoint and reads the answer. Redirects are not followed (a
 * robot's URL never redirects; following one could lead inside the network). The generic
 * webhook's host is resolved and refused when it points at a private address, unless allowed.
 */
export async function postChat(
  endpoint: ChatEndpoint,
  message: ChatMessage,
  options: { deliveryId: string; allowHosts: string[]; timeoutMs?: number; now?: Date },
): Promise<void> {
  const check = checkWebhookUrl(endpoint.platform, endpoint.url, options.allowHosts);
  if (!check.ok) throw new ChannelPostError(`地址不可用：${check.messageZh}`, true);
  if (endpoint.platform === 'webhook' && !options.allowHosts.includes(check.url.host)) {
    const host = check.url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true }).catch(() => []);
    if (addresses.length === 0) throw new ChannelPostError(`无法解析 ${host}`, false);
    if (addresses.some((a) => isPrivateAddress(a.address)))
      throw new ChannelPostError(`${host} 解析到内网地址，已拒绝发送`, true);
  }
  const request = buildChatRequest(endpoint, message, {
    now: options.now ?? new Date(),
    deliveryId: options.deliveryId,
  });
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (err) {
    const cause =
      (err as Error).name === 'TimeoutError'
        ? '超时'
        : ((err as { cause?: Error }).cause?.message ?? (err as Error).message);
    throw new ChannelPostError(`连接${PLATFORM_RULES[endpoint.platform].label}失败：${cause}`, false);
  }
  const text = (await response.text().catch(() => '')).slice(0, MAX_ANSWER_BYTES);
  const outcome = classifyResponse(endpoint.platform, response.status, text, response.headers.get('retry-after'));
  if (outcome.kind === 'retry') throw new ChannelPostError(outcome.reason, false, outcome.retryAfterMs);
  if (outcome.kind === 'rejected') throw new ChannelPostError(outcome.reason, true);
}

/**
 * Sends one stored chat post. A post no longer pending (sent, cancelled, failed) is skipped, so a
 * retried or duplicated job never posts twice what was recorded as sent; what a platform accepted
 * just before a worker died may go again once, carrying the same delivery id.
 */
export class ChannelSender {
  private readonly repo: ChannelRepository;
  private readonly reminders: ReminderRepository;

  constructor(
    dataSource: DataSource,
    private readonly options: ChannelSenderOptions,
  ) {
    this.repo = new ChannelRepository(dataSource);
    this.reminders = new ReminderRepository(dataSource);
  }

  /**
   * `quietAt` is the moment the recipient's quiet hours are checked against: now, or the moment a
   * sweep was run for. The post itself is always signed with the real clock (platforms refuse stale
   * timestamps).
   */
  async deliver(id: number, attempt: number, gate: RateGate, quietAt = new Date()): Promise<ChannelOutcome> {
    const row = await this.repo.forDelivery(id);
    if (!row || row.status !== 'pending' || row.channel.mode === 'off') return { kind: 'skipped' };
    if (inQuietHours(quietAt, row.quietHours)) return { kind: 'quiet' };
    const built = await this.content(row);
    if (!built) {
      await this.repo.cancel(id);
      return { kind: 'skipped' };
    }
    const platform = row.channel.platform;
    if (!isChatPlatform(platform)) throw new ChannelPostError(`未知的渠道类型 ${platform}`, true);
    const endpoint = this.endpoint(row, platform);
    const waitMs = await gate(row.channel.id, PLATFORM_RULES[platform].perMinute);
    if (waitMs > 0) return { kind: 'throttled', waitMs };
    await postChat(endpoint, built.message, {
      deliveryId: `luoshi-delivery-${row.id}`,
      allowHosts: this.options.allowHosts,
      timeoutMs: this.options.timeoutMs,
    });
    await this.repo.markSent(id, attempt, built.folded);
    return { kind: 'sent' };
  }

  /** Records a failed attempt; `final` marks the post failed (shown on the task). */
  recordFailure(id: number, attempt: number, err: unknown, final: boolean): Promise<void> {
    return this.repo.recordAttempt(id, attempt, String((err as Error)?.message ?? err).slice(0, 2000), final);
  }

  private endpoint(row: ChannelDeliveryRow, platform: ChatPlatform): ChatEndpoint {
    const key = this.options.key;
    if (!key) throw new ChannelPostError('未配置 CHANNELS_KEY（或 JWT_SECRET），无法读取渠道地址', true);
    try {
      return {
        platform,
        url: openSecret(key, row.channel.urlSealed, CHANNEL_SEAL.url),
        secret: row.channel.secretSealed ? openSecret(key, row.channel.secretSealed, CHANNEL_SEAL.secret) : null,
      };
    } catch (err) {
      if (err instanceof SecretBoxError)
        throw new ChannelPostError('渠道地址无法解密（CHANNELS_KEY 是否更换过？），请重新填写该渠道', true);
      throw err;
    }
  }

  private lines(taskIds: number[], today: string) {
    return taskLines(this.reminders, taskIds, today, this.options.publicUrl);
  }

  private async content(row: ChannelDeliveryRow): Promise<{ message: ChatMessage; folded: number[] } | null> {
    if (row.kind === 'digest') {
      const folded = await this.repo.folded(row.channel.id, row.sendOn);
      const lines = await this.lines(
        folded.flatMap((f) => (f.planItemId === null ? [] : [f.planItemId])),
        row.sendOn,
      );
      if (lines.length === 0) return null;
      return {
        message: chatDigest(row.sendOn, lines, `${this.options.publicUrl}/tasks`),
        folded: folded.map((f) => f.id),
      };
    }
    if (row.planItemId === null || !['before', 'overdue', 'escalation'].includes(row.kind)) return null;
    const [line] = await this.lines([row.planItemId], row.sendOn);
    return line ? { message: chatReminder(row.kind as ChatReminderKind, line), folded: [] } : null;
  }
}
