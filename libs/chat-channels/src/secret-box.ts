import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Webhook URLs and signing secrets at rest: AES-256-GCM with a random 96-bit nonce, the column's
 * name as associated data (a sealed secret moved into another column does not open), stored as
 * `v1.<base64url(nonce | tag | ciphertext)>`. node:crypto is the well-kept library here; nothing
 * beyond it is needed for one authenticated cipher.
 */
const VERSION = 'v1';

export class SecretBoxError extends Error {}

/** CHANNELS_KEY: 64 hex digits or the Base64 of 32 bytes. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new SecretBoxError('CHANNELS_KEY must be 32 bytes: 64 hex digits or Base64');
  return key;
}

/** A key derived from another long secret (JWT_SECRET), for deployments that set no CHANNELS_KEY. */
export function deriveSecretKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'luoshi', 'chat-channel-secrets v1', 32));
}

export function sealSecret(key: Buffer, plaintext: string, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([nonce, cipher.getAuthTag(), sealed]).toString('base64url')}`;
}

export function openSecret(key: Buffer, box: string, context: string): string {
  const [version, data] = box.split('.', 2);
  if (version !== VERSION || !data) throw new SecretBoxError('not a sealed secret');
  const raw = Buffer.from(data, 'base64url');
  if (raw.length < 28) throw new SecretBoxError('sealed secret too short');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('the sealed secret does not open with this key (CHANNELS_KEY changed?)');
  }
}

/**
 * The key that seals channel secrets: CHANNELS_KEY when set, else one derived from a JWT_SECRET
 * that was configured (API and workers share it); null when neither is (a JWT secret generated at
 * start-up differs per process, so nothing sealed with it could be opened by a worker).
 */
export function resolveSecretKey(options: {
  channelsKey: string | null;
  jwtSecret: string;
  jwtSecretGenerated: boolean;
}): Buffer | null {
  if (options.channelsKey) return parseSecretKey(options.channelsKey);
  return options.jwtSecretGenerated ? null : deriveSecretKey(options.jwtSecret);
}
