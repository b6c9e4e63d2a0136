import type { ChatPlatform } from './platforms';
import { dingtalkSign, feishuSign, webhookSignature } from './signing';

/** A reminder as a chat message, before it is shaped for one platform. */
export interface ChatMessage {
  /** The notification preview: 【落实】临期提醒：… */
  title: string;
  /** Body lines, plain text (escaped here for each platform's markdown). */
  lines: string[];
  link: { text: string; url: string } | null;
  /** Card colour: urgent (overdue, escalation), warning (due soon), info (digest). */
  tone: 'urgent' | 'warning' | 'info';
  /** What the generic webhook receives as structured data besides the text. */
  data: Record<string, unknown>;
}

export interface ChatEndpoint {
  platform: ChatPlatform;
  url: string;
  secret: string | null;
}

export interface ChatRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** WeCom refuses markdown over 4,096 bytes; DingTalk and Feishu take more, and nobody reads that much in a chat. */
const MAX_MARKDOWN_BYTES = 4000;

/**
 * Task titles come from reports and users: markdown characters in them are turned into their
 * full-width forms (read the same in Chinese text), so a title cannot add links, headings or
 * mentions to a message sent in luoshi's name.
 */
export function escapeChatMarkdown(text: string): string {
  const fullWidth: Record<string, string> = {
    '*': '＊',
    _: '＿',
    '[': '［',
    ']': '］',
    '(': '（',
    ')': '）',
    '#': '＃',
    '<': '＜',
    '>': '＞',
    '`': '｀',
    '|': '｜',
    '~': '～',
    '\\': '＼',
  };
  return text.replace(/[*_[\]()#<>`|~\\]/g, (c) => fullWidth[c]).replace(/\s*[\r\n]+\s*/g, ' ');
}

function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  let out = text;
  while (Buffer.byteLength(`${out}…`, 'utf8') > max) out = out.slice(0, Math.floor(out.length * 0.9));
  return `${out}…`;
}

function markdownBody(message: ChatMessage, heading: (title: string) => string): string {
  const link = message.link ? `\n\n[${escapeChatMarkdown(message.link.text)}](${message.link.url})` : '';
  const body = message.lines.map(escapeChatMarkdown).join('\n\n');
  const text = `${heading(escapeChatMarkdown(message.title))}\n\n${body}`;
  return truncateBytes(text, MAX_MARKDOWN_BYTES - Buffer.byteLength(link, 'utf8')) + link;
}

const FEISHU_TEMPLATE = { urgent: 'red', warning: 'orange', info: 'blue' } as const;

/**
 * The HTTP request that posts `message` to one endpoint, signed as the platform documents it.
 * `deliveryId` names the delivery for the generic webhook's receiver (its idempotency key).
 */
export function buildChatRequest(
  endpoint: ChatEndpoint,
  message: ChatMessage,
  at: { now: Date; deliveryId: string },
): ChatRequest {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  switch (endpoint.platform) {
    case 'dingtalk': {
      const url = new URL(endpoint.url);
      if (endpoint.secret) {
        const timestamp = at.now.getTime();
        url.searchParams.set('timestamp', String(timestamp));
        url.searchParams.set('sign', dingtalkSign(endpoint.secret, timestamp));
      }
      const body = {
        msgtype: 'markdown',
        markdown: { title: message.title, text: markdownBody(message, (t) => `#### ${t}`) },
      };
      return { url: url.toString(), headers: json, body: JSON.stringify(body) };
    }
    case 'wecom': {
      const body = { msgtype: 'markdown', markdown: { content: markdownBody(message, (t) => `**${t}**`) } };
      return { url: endpoint.url, headers: json, body: JSON.stringify(body) };
    }
    case 'feishu': {
      const signature = endpoint.secret
        ? (() => {
            const timestamp = Math.floor(at.now.getTime() / 1000);
            return { timestamp: String(timestamp), sign: feishuSign(endpoint.secret!, timestamp) };
          })()
        : {};
      const content = truncateBytes(message.lines.map(escapeChatMarkdown).join('\n'), MAX_MARKDOWN_BYTES);
      const elements: unknown[] = [{ tag: 'div', text: { tag: 'lark_md', content } }];
      if (message.link)
        elements.push({
          tag: 'action',
          actions: [
            {
              tag: 'button',
              text: { tag: 'plain_text', content: message.link.text },
              url: message.link.url,
              type: 'primary',
            },
          ],
        });
      const body = {
        ...signature,
        msg_type: 'interactive',
        card: {
          config: { wide_screen_mode: true },
          header: { title: { tag: 'plain_text', content: message.title }, template: FEISHU_TEMPLATE[message.tone] },
          elements,
        },
      };
      return { url: endpoint.url, headers: json, body: JSON.stringify(body) };
    }
    case 'webhook': {
      const timestamp = Math.floor(at.now.getTime() / 1000);
      const body = JSON.stringify({
        id: at.deliveryId,
        event: 'luoshi.reminder',
        sentAt: at.now.toISOString(),
        title: message.title,
        text: message.lines.join('\n'),
        link: message.link?.url ?? null,
        data: message.data,
      });
      return {
        url: endpoint.url,
        headers: {
          ...json,
          'x-luoshi-delivery': at.deliveryId,
          'x-luoshi-timestamp': String(timestamp),
          'x-luoshi-signature': webhookSignature(endpoint.secret ?? '', timestamp, body),
        },
        body,
      };
    }
  }
}
