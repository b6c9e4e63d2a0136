import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import {
  buildChatRequest,
  checkWebhookUrl,
  classifyResponse,
  deriveSecretKey,
  escapeChatMarkdown,
  isPrivateAddress,
  maskWebhookUrl,
  openSecret,
  parseSecretKey,
  retryAfterMs,
  sealSecret,
  type ChatMessage,
} from './index';

const NOW = new Date('2025-06-23T02:00:00.123Z');
const MESSAGE: ChatMessage = {
  title: '【落实】临期提醒：推进行政执法三项制度',
  lines: ['牵头单位：某区司法局', '截止日期：2025-06-30（还剩7天）'],
  link: { text: '查看任务', url: 'https://luoshi.test/tasks/7' },
  tone: 'warning',
  data: { taskId: 7 },
};

describe('signing, as each platform documents it', () => {
  it('DingTalk: HMAC-SHA256(key = secret, message = ms timestamp + "\\n" + secret), Base64, URL-encoded in the query', () => {
    const secret = 'SEC0123456789abcdef';
    const request = buildChatRequest(
      { platform: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret },
      MESSAGE,
      { now: NOW, deliveryId: 'd1' },
    );
    const url = new URL(request.url);
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe(String(NOW.getTime()));
    const expected = createHmac('sha256', secret).update(`${NOW.getTime()}\n${secret}`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    // The raw query carries the sign URL-encoded (Base64's + / = escaped).
    expect(request.url).toContain(`sign=${encodeURIComponent(expected)}`);
    const body = JSON.parse(request.body);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.text).toContain('截止日期：2025-06-30（还剩7天）');
    expect(body.markdown.text).toContain('[查看任务](https://luoshi.test/tasks/7)');
  });

  it('DingTalk without a secret (keyword security) posts to the URL as given', () => {
    const request = buildChatRequest(
      { platform: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: null },
      MESSAGE,
      { now: NOW, deliveryId: 'd1' },
    );
    expect(request.url).toBe('https://oapi.dingtalk.com/robot/send?access_token=abc');
  });

  it('Feishu: HMAC-SHA256(key = s timestamp + "\\n" + secret, message = ""), Base64, in the body', () => {
    const secret = 'feishu-secret';
    const request = buildChatRequest(
      { platform: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/0123456789', secret },
      MESSAGE,
      { now: NOW, deliveryId: 'd1' },
    );
    const body = JSON.parse(request.body);
    const seconds = Math.floor(NOW.getTime() / 1000);
    expect(body.timestamp).toBe(String(seconds));
    expect(body.sign).toBe(createHmac('sha256', `${seconds}\n${secret}`).update('').digest('base64'));
    expect(body.msg_type).toBe('interactive');
    expect(body.card.header.template).toBe('orange');
    expect(body.card.elements[1].actions[0].url).toBe('https://luoshi.test/tasks/7');
  });

  it('WeCom: the key in the URL is the credential; markdown content', () => {
    const request = buildChatRequest(
      { platform: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1', secret: null },
      MESSAGE,
      { now: NOW, deliveryId: 'd1' },
    );
    expect(request.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1');
    const body = JSON.parse(request.body);
    expect(body.markdown.content.startsWith('**【落实】临期提醒：推进行政执法三项制度**')).toBe(true);
  });

  it('generic webhook: sha256=hex HMAC of "<timestamp>.<raw body>", with the delivery id', () => {
    const request = buildChatRequest(
      { platform: 'webhook', url: 'https://hooks.example.org/in', secret: 'whsec' },
      MESSAGE,
      {
        now: NOW,
        deliveryId: 'delivery-42',
      },
    );
    const timestamp = request.headers['x-luoshi-timestamp'];
    expect(request.headers['x-luoshi-signature']).toBe(
      `sha256=${createHmac('sha256', 'whsec').update(`${timestamp}.${request.body}`).digest('hex')}`,
    );
    expect(request.headers['x-luoshi-delivery']).toBe('delivery-42');
    expect(JSON.parse(request.body)).toMatchObject({
      id: 'delivery-42',
      event: 'luoshi.reminder',
      data: { taskId: 7 },
    });
  });
});

describe('message text', () => {
  it('turns markdown in titles into full-width characters, so a title adds no links or headings', () => {
    expect(escapeChatMarkdown('[点我](http://evil.example) # *粗*\n第二行')).toBe(
      '［点我］（http://evil.example） ＃ ＊粗＊ 第二行',
    );
  });

  it('keeps WeCom markdown under its 4,096-byte limit however long the task list', () => {
    const long = { ...MESSAGE, lines: Array.from({ length: 400 }, (_, i) => `${i}. 很长的任务标题很长的任务标题`) };
    const request = buildChatRequest(
      { platform: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1', secret: null },
      long,
      { now: NOW, deliveryId: 'd1' },
    );
    const content = JSON.parse(request.body).markdown.content as string;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(content).toContain('[查看任务](https://luoshi.test/tasks/7)');
  });
});

describe('answers', () => {
  it.each([
    ['dingtalk', 200, '{"errcode":0,"errmsg":"ok"}', 'delivered'],
    ['dingtalk', 200, '{"errcode":130101,"errmsg":"send too fast"}', 'retry'],
    ['dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}', 'rejected'],
    ['dingtalk', 200, '{"errcode":-1,"errmsg":"系统繁忙"}', 'retry'],
    ['wecom', 200, '{"errcode":0,"errmsg":"ok"}', 'delivered'],
    ['wecom', 200, '{"errcode":45009,"errmsg":"api freq out of limit"}', 'retry'],
    ['wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}', 'rejected'],
    ['feishu', 200, '{"code":0,"msg":"success","data":{}}', 'delivered'],
    ['feishu', 200, '{"StatusCode":0,"StatusMessage":"success"}', 'delivered'],
    [
      'feishu',
      200,
      '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}',
      'rejected',
    ],
    ['feishu', 200, '{"code":9499,"msg":"too many request"}', 'retry'],
    ['webhook', 204, '', 'delivered'],
    ['webhook', 429, '', 'retry'],
    ['webhook', 503, 'down', 'retry'],
    ['webhook', 408, '', 'retry'],
    ['webhook', 400, 'invalid signature', 'rejected'],
    ['webhook', 410, '', 'rejected'],
    ['dingtalk', 200, '<html>proxy</html>', 'rejected'],
  ] as const)('%s HTTP %i %s → %s', (platform, status, body, kind) => {
    expect(classifyResponse(platform, status, body).kind).toBe(kind);
  });

  it('says why in Chinese, with the hint for the usual mistake', () => {
    const outcome = classifyResponse('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}');
    expect(outcome).toEqual({
      kind: 'rejected',
      reason: '钉钉拒收（310000 sign not match）：请检查加签密钥、关键词或IP白名单',
    });
  });

  it('reads Retry-After in seconds or as a date, capped at an hour', () => {
    expect(classifyResponse('webhook', 429, '', '7')).toMatchObject({ kind: 'retry', retryAfterMs: 7000 });
    expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(retryAfterMs('999999')).toBe(3_600_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('secrets at rest', () => {
  const key = parseSecretKey('11'.repeat(32));

  it('opens what it sealed, and nothing else', () => {
    const box = sealSecret(key, 'SECabc', 'chat_channel.secret');
    expect(box).not.toContain('SECabc');
    expect(openSecret(key, box, 'chat_channel.secret')).toBe('SECabc');
    expect(() => openSecret(key, box, 'chat_channel.url')).toThrow('does not open');
    expect(() => openSecret(parseSecretKey('22'.repeat(32)), box, 'chat_channel.secret')).toThrow('does not open');
    // Flip one bit in every byte of nonce, tag and ciphertext in turn (on the decoded bytes: editing
    // a Base64 character can land in padding bits that decode to the same bytes).
    const raw = Buffer.from(box.slice('v1.'.length), 'base64url');
    for (let at = 0; at < raw.length; at++) {
      const tampered = Buffer.from(raw);
      tampered[at] ^= 0x01;
      expect(() => openSecret(key, `v1.${tampered.toString('base64url')}`, 'chat_channel.secret')).toThrow(
        'does not open',
      );
    }
    expect(() => openSecret(key, 'plain text', 'chat_channel.secret')).toThrow('not a sealed secret');
  });

  it('seals the same text differently each time (random nonce)', () => {
    expect(sealSecret(key, 'x', 'c')).not.toBe(sealSecret(key, 'x', 'c'));
  });

  it('round-trips any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(openSecret(key, sealSecret(key, text, 'c'), 'c')).toBe(text);
      }),
    );
  });

  it('takes keys as hex or Base64 of 32 bytes, refuses others, and derives one from a long secret', () => {
    expect(parseSecretKey(Buffer.alloc(32, 7).toString('base64')).length).toBe(32);
    expect(() => parseSecretKey('short')).toThrow('32 bytes');
    expect(deriveSecretKey('a'.repeat(40))).toEqual(deriveSecretKey('a'.repeat(40)));
    expect(deriveSecretKey('a'.repeat(40))).not.toEqual(deriveSecretKey('b'.repeat(40)));
  });
});

describe('webhook URLs', () => {
  it.each([
    ['dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc123'],
    ['wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx'],
    ['feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/6c8a2b1e-0000-4000-8000-abcdefabcdef'],
    ['feishu', 'https://open.larksuite.com/open-apis/bot/v2/hook/6c8a2b1e-0000'],
    ['webhook', 'https://hooks.example.org/luoshi'],
  ] as const)('accepts %s %s', (platform, url) => {
    expect(checkWebhookUrl(platform, url).ok).toBe(true);
  });

  it.each([
    ['dingtalk', 'http://oapi.dingtalk.com/robot/send?access_token=abc', '必须使用https'],
    ['dingtalk', 'https://oapi.dingtalk.com.evil.example/robot/send?access_token=abc', 'https://oapi.dingtalk.com'],
    ['dingtalk', 'https://oapi.dingtalk.com/robot/send', 'access_token'],
    ['dingtalk', 'https://user:pw@oapi.dingtalk.com/robot/send?access_token=a', '用户名或密码'],
    ['wecom', 'https://qyapi.weixin.qq.com/cgi-bin/other?key=a', '地址格式'],
    ['feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/', '地址格式'],
    ['webhook', 'https://127.0.0.1/hook', '内网'],
    ['webhook', 'https://[::1]/hook', '内网'],
    ['webhook', 'https://10.1.2.3/hook', '内网'],
    ['webhook', 'https://169.254.169.254/latest/meta-data', '内网'],
    ['webhook', 'https://localhost:6379/', '内网'],
    ['webhook', 'https://redis/', '内网'],
    ['webhook', 'https://db.internal/x', '内网'],
    ['webhook', 'javascript:alert(1)', 'https'],
    ['webhook', 'not a url', '有效的网址'],
  ] as const)('refuses %s %s', (platform, url, why) => {
    const check = checkWebhookUrl(platform, url);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.messageZh).toContain(why);
  });

  it('refuses a URL of 3,000 characters', () => {
    const check = checkWebhookUrl('webhook', `https://example.org/${'a'.repeat(3000)}`);
    expect(check).toMatchObject({ ok: false, messageZh: '地址超过2048个字符' });
  });

  it('accepts hosts the operator allowed, over http too (a local relay, the test sinks)', () => {
    expect(checkWebhookUrl('dingtalk', 'http://127.0.0.1:4010/robot/send?access_token=a', ['127.0.0.1:4010']).ok).toBe(
      true,
    );
    expect(checkWebhookUrl('webhook', 'http://127.0.0.1:4010/hook', ['127.0.0.1:4011']).ok).toBe(false);
  });

  it('knows private addresses in every spelling', () => {
    for (const ip of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      'nonsense',
    ])
      expect([ip, isPrivateAddress(ip)]).toEqual([ip, true]);
    for (const ip of ['8.8.8.8', '172.32.0.1', '2001:db8::1', '::ffff:8.8.8.8'])
      expect([ip, isPrivateAddress(ip)]).toEqual([ip, false]);
  });

  it('shows saved URLs with their tokens cut', () => {
    expect(maskWebhookUrl('https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef')).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=0123…',
    );
    expect(maskWebhookUrl('https://open.feishu.cn/open-apis/bot/v2/hook/6c8a2b1e-0000-4000')).toBe(
      'https://open.feishu.cn/open-apis/bot/v2/hook/6c8a…',
    );
  });
});
