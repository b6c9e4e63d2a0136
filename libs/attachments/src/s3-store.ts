import type { S3Client } from '@aws-sdk/client-s3';
import { checkedKey, isStorageKey, notStored, type AttachmentStore, type StoredObject } from './attachment-store';

/** Where an {@link S3Store} keeps its objects and how it signs in. */
export interface S3StoreOptions {
  bucket: string;
  /** Prepended to every key (default `attachments/`), so the bucket may hold other things beside. */
  prefix?: string;
  /** An S3-compatible server (MinIO, Ceph, a cloud's OSS/COS endpoint); AWS itself when absent. */
  endpoint?: string;
  region: string;
  /** Static keys; when absent the SDK's own chain (environment, profile, instance role) is used. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (most self-hosted servers need it). */
  forcePathStyle?: boolean;
}

type S3Module = typeof import('@aws-sdk/client-s3');

/**
 * Attachments in an S3-compatible bucket, one object per key under a prefix.
 *
 * Built on the official @aws-sdk/client-s3 (kept by AWS, tested against every S3 dialect we are
 * likely to meet, with retries and signing done right) rather than a smaller client. It is large,
 * so it is loaded on first use: a deployment on local disk never loads it and its idle memory does
 * not grow. A PutObject is atomic, so a failed write leaves no object (and no `.part` to sweep).
 */
export class S3Store implements AttachmentStore {
  private readonly prefix: string;
  private client?: Promise<{ s3: S3Client; sdk: S3Module }>;

  constructor(private readonly options: S3StoreOptions) {
    this.prefix = options.prefix ?? 'attachments/';
  }

  get location(): string {
    return `s3://${this.options.bucket}/${this.prefix}`;
  }

  private connect(): Promise<{ s3: S3Client; sdk: S3Module }> {
    this.client ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      s3: new sdk.S3Client({
        region: this.options.region,
        endpoint: this.options.endpoint,
        forcePathStyle: this.options.forcePathStyle ?? false,
        credentials: this.options.credentials,
        maxAttempts: 3,
      }),
    }));
    return this.client;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const { s3, sdk } = await this.connect();
    await s3.send(
      new sdk.PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.prefix + checkedKey(key),
        Body: bytes,
        ContentType: 'application/octet-stream',
      }),
    );
  }

  async get(key: string): Promise<Buffer> {
    const { s3, sdk } = await this.connect();
    try {
      const res = await s3.send(
        new sdk.GetObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + checkedKey(key) }),
      );
      if (!res.Body) throw notStored(key);
      return Buffer.from(await res.Body.transformToByteArray());
    } catch (err) {
      if (err instanceof sdk.NoSuchKey || (err as { name?: string }).name === 'NotFound') throw notStored(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const { s3, sdk } = await this.connect();
    // S3 answers 204 whether or not the object was there.
    await s3.send(new sdk.DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + checkedKey(key) }));
  }

  async *list(): AsyncIterable<StoredObject> {
    const { s3, sdk } = await this.connect();
    const pages = sdk.paginateListObjectsV2({ client: s3 }, { Bucket: this.options.bucket, Prefix: this.prefix });
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.prefix.length) ?? '';
        // Only what this store writes: whatever else shares the prefix is not ours to remove.
        if (isStorageKey(key)) yield { name: key, key, modifiedAt: object.LastModified ?? new Date() };
      }
    }
  }

  async removeListed(object: StoredObject): Promise<void> {
    if (object.key !== null) await this.delete(object.key);
  }

  async probe(): Promise<void> {
    const { s3, sdk } = await this.connect();
    await s3.send(new sdk.HeadBucketCommand({ Bucket: this.options.bucket }));
  }

  /** Closes the client's sockets (tests, shutdown). */
  async close(): Promise<void> {
    if (this.client) (await this.client).s3.destroy();
  }
}
