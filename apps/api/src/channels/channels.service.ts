import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import {
  PLATFORM_RULES,
  checkWebhookUrl,
  maskWebhookUrl,
  openSecret,
  resolveSecretKey,
  sealSecret,
  type ChatPlatform,
} from '@luoshi/chat-channels';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { BureauRepository, ChannelRepository, UnitOfWork, type ChatChannel } from '@luoshi/db';
import { chatTest } from '@luoshi/reminder-policy';
import { CHANNEL_SEAL, ChannelPostError, postChat } from '@luoshi/reminders';
import type { Actor } from '../auth/actor.types';
import { ApiError, forbidden, notFound } from '../common/api-error';
import { BureauScopeService } from '../scope/bureau-scope.service';
import type { ChannelDto, ChannelTestResultDto, CreateChannelDto, UpdateChannelDto } from './channels.dto';

/** What the audit trail keeps of a channel: never the URL's token or the secret. */
const audited = (c: Pick<ChatChannel, 'platform' | 'name' | 'bureauId' | 'userId' | 'urlMasked' | 'mode'>) => ({
  platform: c.platform,
  name: c.name,
  bureauId: c.bureauId,
  userId: c.userId,
  url: c.urlMasked,
  mode: c.mode,
});

/** Test posts one user may send per minute: each reaches a real group chat, and a script could flood it. */
export const TEST_POSTS_PER_MINUTE = 5;

/**
 * Chat channels (钉钉/企业微信/飞书群机器人, signed webhooks): a bureau's group channel is kept by
 * admins and by the supervisors above or at the bureau; anyone keeps their own channels (the generic
 * webhook is for integrators: admins only). Staff see their bureau's channels. Others' channels are
 * not found. URLs and secrets are sealed before they are stored and never shown again.
 */
@Injectable()
export class ChannelsService {
  private readonly key: Buffer | null;
  /**
   * Test posts per user in the last minute (the first post's time and the count). Counted in this
   * process: with several API processes a user gets this many per process, still far from a flood.
   */
  private readonly testPosts = new LRUCache<number, { since: number; count: number }>({ max: 10_000, ttl: 60_000 });

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly channels: ChannelRepository,
    private readonly bureaus: BureauRepository,
    private readonly scope: BureauScopeService,
    private readonly unitOfWork: UnitOfWork,
  ) {
    this.key = resolveSecretKey({
      channelsKey: config.channels.key,
      jwtSecret: config.auth.jwtSecret,
      jwtSecretGenerated: config.auth.jwtSecretGenerated,
    });
  }

  private countTestPost(userId: number): void {
    const now = Date.now();
    const posts = this.testPosts.get(userId) ?? { since: now, count: 0 };
    if (posts.count >= TEST_POSTS_PER_MINUTE) {
      throw new ApiError(
        429,
        'TOO_MANY_REQUESTS',
        `At most ${TEST_POSTS_PER_MINUTE} test posts a minute; wait a minute`,
        `每分钟最多发送${TEST_POSTS_PER_MINUTE}条测试消息，请一分钟后再试`,
        { retryAfterSeconds: Math.max(1, Math.ceil((posts.since + 60_000 - now) / 1000)) },
      );
    }
    // Kept from the first post of the minute: later posts do not push the window on.
    this.testPosts.set(userId, { since: posts.since, count: posts.count + 1 }, { ttl: posts.since + 60_000 - now });
  }

  async list(actor: Actor): Promise<ChannelDto[]> {
    const bureauIds = await this.scope.visibleBureauIds(actor);
    const rows =
      bureauIds === null
        ? await this.channels.list({ bureauIds: null, userIds: null })
        : await this.channels.list({ bureauIds, userIds: [actor.userId] });
    const secrets = await this.channels.withSecret(rows.map((c) => c.id));
    return Promise.all(rows.map((c) => this.toDto(actor, c, secrets.has(c.id), bureauIds)));
  }

  async create(actor: Actor, body: CreateChannelDto): Promise<ChannelDto> {
    const key = this.requireKey();
    const platform = body.platform;
    if (body.bureauId !== undefined) await this.assertManagesBureau(actor, body.bureauId);
    if (platform === 'webhook' && actor.role !== 'admin')
      throw forbidden('Only admins add generic webhooks', '通用 Webhook 供系统对接使用，仅管理员可添加');
    const url = this.checkUrl(platform, body.url);
    const secret = this.checkSecret(platform, body.secret ?? null);
    const channel = await this.unitOfWork.run(async (tx) => {
      const saved = await tx.channels.create({
        platform,
        name: body.name.trim(),
        bureauId: body.bureauId ?? null,
        userId: body.bureauId === undefined ? actor.userId : null,
        urlSealed: sealSecret(key, url, CHANNEL_SEAL.url),
        secretSealed: secret ? sealSecret(key, secret, CHANNEL_SEAL.secret) : null,
        urlMasked: maskWebhookUrl(url),
        mode: body.mode ?? 'each',
        createdById: actor.userId,
      });
      await tx.activity.record([
        {
          entityType: 'chat_channel',
          entityId: saved.id,
          actorId: actor.userId,
          action: 'channel.create',
          after: audited(saved),
        },
      ]);
      return saved;
    });
    return this.toDto(actor, channel);
  }

  async update(actor: Actor, id: number, body: UpdateChannelDto): Promise<ChannelDto> {
    const channel = await this.manageable(actor, id);
    const change: Parameters<ChannelRepository['update']>[1] = {};
    if (body.name !== undefined) change.name = body.name.trim();
    if (body.mode !== undefined) change.mode = body.mode;
    if (body.url !== undefined || body.secret !== undefined) {
      const key = this.requireKey();
      const platform = channel.platform as ChatPlatform;
      if (body.url !== undefined) {
        const url = this.checkUrl(platform, body.url);
        change.urlSealed = sealSecret(key, url, CHANNEL_SEAL.url);
        change.urlMasked = maskWebhookUrl(url);
      }
      if (body.secret !== undefined) {
        const secret = this.checkSecret(platform, body.secret);
        change.secretSealed = secret ? sealSecret(key, secret, CHANNEL_SEAL.secret) : null;
      }
    }
    const updated = await this.unitOfWork.run(async (tx) => {
      const saved = await tx.channels.update(id, change);
      await tx.activity.record([
        {
          entityType: 'chat_channel',
          entityId: id,
          actorId: actor.userId,
          action: 'channel.update',
          before: audited(channel),
          after: { ...audited(saved), ...(body.secret !== undefined ? { secretChanged: true } : {}) },
        },
      ]);
      return saved;
    });
    return this.toDto(actor, updated);
  }

  async remove(actor: Actor, id: number): Promise<void> {
    const channel = await this.manageable(actor, id);
    await this.unitOfWork.run(async (tx) => {
      await tx.channels.remove(id);
      await tx.activity.record([
        {
          entityType: 'chat_channel',
          entityId: id,
          actorId: actor.userId,
          action: 'channel.delete',
          before: audited(channel),
        },
      ]);
    });
  }

  /** Posts a test message now and says whether the platform took it (the usual check after pasting a URL). */
  async test(actor: Actor, id: number): Promise<ChannelTestResultDto> {
    const channel = await this.manageable(actor, id);
    this.countTestPost(actor.userId);
    const key = this.requireKey();
    const sealed = await this.channels.sealed(id);
    if (!sealed) throw notFound('Channel');
    let url: string;
    let secret: string | null;
    try {
      url = openSecret(key, sealed.urlSealed, CHANNEL_SEAL.url);
      secret = sealed.secretSealed ? openSecret(key, sealed.secretSealed, CHANNEL_SEAL.secret) : null;
    } catch {
      throw new ApiError(
        409,
        'CHANNEL_UNREADABLE',
        'The stored URL does not open with this key (CHANNELS_KEY changed?); enter the URL again',
        '渠道地址无法解密（CHANNELS_KEY 是否更换过？），请重新填写地址',
      );
    }
    try {
      await postChat(
        { platform: channel.platform as ChatPlatform, url, secret },
        chatTest(channel.name, this.config.publicUrl),
        { deliveryId: `luoshi-test-${id}-${Date.now()}`, allowHosts: this.config.channels.allowHosts, timeoutMs: 8000 },
      );
    } catch (err) {
      if (!(err instanceof ChannelPostError)) throw err;
      throw new ApiError(
        err.permanent ? 422 : 502,
        err.permanent ? 'CHANNEL_REJECTED' : 'CHANNEL_UNREACHABLE',
        err.permanent ? 'The platform refused the test post' : 'The platform could not be reached',
        err.message,
      );
    }
    return { delivered: true, messageZh: '测试消息已送达' };
  }

  private requireKey(): Buffer {
    if (!this.key)
      throw new ApiError(
        409,
        'CHANNELS_NOT_CONFIGURED',
        'Chat channels need CHANNELS_KEY (or a configured JWT_SECRET) shared by the API and the workers',
        '未配置 CHANNELS_KEY（或 JWT_SECRET），暂不能添加群机器人，请联系管理员',
      );
    return this.key;
  }

  private checkUrl(platform: ChatPlatform, raw: string): string {
    const check = checkWebhookUrl(platform, raw.trim(), this.config.channels.allowHosts);
    if (!check.ok) throw new ApiError(400, 'VALIDATION', check.message, check.messageZh);
    return check.url.toString();
  }

  private checkSecret(platform: ChatPlatform, secret: string | null): string | null {
    const rule = PLATFORM_RULES[platform];
    const value = secret?.trim() || null;
    if (rule.secret === 'required' && !value)
      throw new ApiError(400, 'VALIDATION', 'a secret is required', `${rule.label}须填写签名密钥`);
    if (rule.secret === 'none' && value)
      throw new ApiError(
        400,
        'VALIDATION',
        'this platform takes no secret',
        `${rule.label}无需签名密钥，地址中的 key 即为凭据`,
      );
    if (platform === 'dingtalk' && value && !value.startsWith('SEC'))
      throw new ApiError(
        400,
        'VALIDATION',
        'a DingTalk 加签 secret starts with SEC',
        '钉钉加签密钥以 SEC 开头，请从机器人安全设置中复制',
      );
    return value;
  }

  /** Admins anywhere; supervisors for their bureau and those below it. */
  private async assertManagesBureau(actor: Actor, bureauId: number): Promise<void> {
    if (!(await this.bureaus.findById(bureauId)) || !(await this.scope.canSee(actor, bureauId)))
      throw notFound('Bureau');
    if (actor.role !== 'admin' && actor.role !== 'supervisor')
      throw forbidden("Only supervisors and admins keep a bureau's channels", '单位群机器人由督办人员或管理员维护');
  }

  /** `visible`: the caller's visible bureaus when already read (a list reads them once, not per channel). */
  private async canManage(actor: Actor, channel: ChatChannel, visible?: number[] | null): Promise<boolean> {
    if (actor.role === 'admin') return true;
    if (channel.userId !== null) return channel.userId === actor.userId;
    if (actor.role !== 'supervisor' || channel.bureauId === null) return false;
    return visible !== undefined
      ? visible === null || visible.includes(channel.bureauId)
      : this.scope.canSee(actor, channel.bureauId);
  }

  /** The channel if the caller may change it; 404 when they may not even see it, 403 when they only see it. */
  private async manageable(actor: Actor, id: number): Promise<ChatChannel> {
    const channel = await this.channels.findById(id);
    if (!channel) throw notFound('Channel');
    const visible =
      actor.role === 'admin' ||
      channel.userId === actor.userId ||
      (channel.bureauId !== null && (await this.scope.canSee(actor, channel.bureauId)));
    if (!visible) throw notFound('Channel');
    if (!(await this.canManage(actor, channel)))
      throw forbidden("Only supervisors and admins keep a bureau's channels", '单位群机器人由督办人员或管理员维护');
    return channel;
  }

  private async toDto(
    actor: Actor,
    c: ChatChannel,
    hasSecret?: boolean,
    visible?: number[] | null,
  ): Promise<ChannelDto> {
    const platform = c.platform as ChatPlatform;
    return {
      id: c.id,
      platform: c.platform,
      platformLabel: PLATFORM_RULES[platform]?.label ?? c.platform,
      name: c.name,
      scope: c.userId !== null ? 'personal' : 'bureau',
      bureauId: c.bureauId,
      userId: c.userId,
      urlMasked: c.urlMasked,
      hasSecret: hasSecret ?? (await this.channels.withSecret([c.id])).has(c.id),
      mode: c.mode,
      canManage: await this.canManage(actor, c, visible),
      createdAt: c.createdAt,
    };
  }
}
