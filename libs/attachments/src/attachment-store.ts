import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AttachmentError, AttachmentErrorCode } from './attachment.error';

/** Where attachment bytes live: a folder on this machine or an S3-compatible bucket. Keys come from {@link newStorageKey}. */
export interface AttachmentStore {
  /** Stores the bytes under `key`, all or nothing: a failed write leaves no file behind. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`; AttachmentError NOT_STORED when there are none. */
  get(key: string): Promise<Buffer>;
  /** Removes the bytes under `key`; nothing happens when there are none. */
  delete(key: string): Promise<void>;
}

/** `<taskId>/<uuid>`: chosen by us, never from anything the uploader sent. */
const KEY = /^[0-9]{1,12}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newStorageKey(taskId: number): string {
  return `${taskId}/${randomUUID()}`;
}

function checkedKey(key: string): string {
  if (!KEY.test(key))
    throw new AttachmentError(AttachmentErrorCode.NOT_STORED, `Not an attachment key: ${key}`, '附件存储键无效');
  return key;
}

const notStored = (key: string) =>
  new AttachmentError(AttachmentErrorCode.NOT_STORED, `The stored file ${key} is missing`, '附件文件已丢失');

/** Files in a folder (default: `attachments` beside the SQLite file), one per key, written through a temporary name. */
export class LocalDiskStore implements AttachmentStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    return join(this.root, ...checkedKey(key).split('/'));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // Written beside its final name and renamed: a reader never sees half a file, a crash leaves only a .part.
    const part = `${path}.${randomBytes(4).toString('hex')}.part`;
    try {
      await writeFile(part, bytes, { flag: 'wx' });
      await rename(part, path);
    } catch (err) {
      await rm(part, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw notStored(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

/**
 * Stores the bytes, then runs `record` (the database row, in its transaction); when `record`
 * fails the bytes are removed again, so a failed upload leaves neither a row nor a file.
 */
export async function storeThenRecord<T>(
  store: AttachmentStore,
  key: string,
  bytes: Uint8Array,
  record: () => Promise<T>,
): Promise<T> {
  await store.put(key, bytes);
  try {
    return await record();
  } catch (err) {
    await store.delete(key).catch(() => undefined);
    throw err;
  }
}
