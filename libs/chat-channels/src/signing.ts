import { createHmac } from 'node:crypto';

/**
 * DingTalk custom robot 加签: HMAC-SHA256 keyed with the secret over `timestamp + "\n" + secret`
 * (timestamp in milliseconds), Base64; sent URL-encoded as `&timestamp=…&sign=…`.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/**
 * Feishu custom bot 签名校验: HMAC-SHA256 keyed with `timestamp + "\n" + secret` (timestamp in
 * seconds) over the empty string, Base64; sent as `timestamp` and `sign` in the JSON body. (Keyed
 * the other way round, as DingTalk does it, Feishu answers 19021 "sign match fail".)
 */
export function feishuSign(secret: string, timestampSec: number): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('', 'utf8').digest('base64');
}

/**
 * luoshi's generic webhook: `X-Luoshi-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`
 * with `X-Luoshi-Timestamp` in seconds, the scheme of Stripe and GitHub webhooks: a receiver
 * recomputes it over the raw body and refuses old timestamps (replays).
 */
export function webhookSignature(secret: string, timestampSec: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSec}.${body}`, 'utf8').digest('hex')}`;
}
