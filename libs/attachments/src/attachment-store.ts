import { randomBytes, randomUUID } from 'node:crypto';
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AttachmentError, AttachmentErrorCode } from './attachment.error';

/** One object a store holds, as {@link AttachmentStore.list} finds it. */
export interface StoredObject {
  /** Its name in the store, to pass to {@link AttachmentStore.removeListed}. */
  name: string;
  /** The attachment key it holds, or null for what a failed write left behind (a `.part` file). */
  key: string | null;
  modifiedAt: Date;
}

/** Where attachment bytes live: a folder on this machine or an S3-compatible bucket. Keys come from {@link newStorageKey}. */
export interface AttachmentStore {
  /** Stores the bytes under `key`, all or nothing: a failed write leaves no file behind. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The bytes under `key`; AttachmentError NOT_STORED when there are none. */
  get(key: string): Promise<Buffer>;
  /** Removes the bytes under `key`; nothing happens when there are none. */
  delete(key: string): Promise<void>;
  /** Every attachment and leftover of a failed write the store holds; anything else beside them is not listed. */
  list(): AsyncIterable<StoredObject>;
  /** Removes an object found by {@link list}; nothing happens when it is gone. */
  removeListed(object: StoredObject): Promise<void>;
  /** Where the bytes are, for the health check (a folder, or `s3://bucket/prefix`). */
  readonly location: string;
  /** Resolves when the store can be written to now; rejects with the reason otherwise. */
  probe(): Promise<void>;
  /** Lets go of connections (at shutdown). */
  close(): Promise<void>;
}

/** `<taskId>/<uuid>`: chosen by us, never from anything the uploader sent. */
const KEY = /^[0-9]{1,12}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TASK_FOLDER = /^[0-9]{1,12}$/;
const FILE_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PART_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[0-9a-f]{8}\.part$/;

/** Whether `key` is one {@link newStorageKey} makes (stores ignore anything else they find). */
export function isStorageKey(key: string): boolean {
  return KEY.test(key);
}

export function newStorageKey(taskId: number): string {
  return `${taskId}/${randomUUID()}`;
}

export function checkedKey(key: string): string {
  if (!KEY.test(key))
    throw new AttachmentError(AttachmentErrorCode.NOT_STORED, `Not an attachment key: ${key}`, '附件存储键无效');
  return key;
}

export const notStored = (key: string) =>
  new AttachmentError(AttachmentErrorCode.NOT_STORED, `The stored file ${key} is missing`, '附件文件已丢失');

/** Files in a folder (default: `attachments` beside the SQLite file), one per key, written through a temporary name. */
export class LocalDiskStore implements AttachmentStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get location(): string {
    return this.root;
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
      // ENOTDIR: something else took the task's folder name, so the file cannot be there either.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw notStored(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<StoredObject> {
    for (const folder of await this.entries(this.root)) {
      if (!folder.isDirectory() || !TASK_FOLDER.test(folder.name)) continue;
      for (const file of await this.entries(join(this.root, folder.name))) {
        const isKey = FILE_NAME.test(file.name);
        if (!file.isFile() || (!isKey && !PART_NAME.test(file.name))) continue;
        const name = `${folder.name}/${file.name}`;
        const modifiedAt = await stat(join(this.root, folder.name, file.name)).then(
          (s) => s.mtime,
          () => null,
        );
        if (modifiedAt) yield { name, key: isKey ? name : null, modifiedAt };
      }
    }
  }

  async removeListed(object: StoredObject): Promise<void> {
    const [folder, file] = object.name.split('/');
    if (!TASK_FOLDER.test(folder ?? '') || !(FILE_NAME.test(file ?? '') || PART_NAME.test(file ?? ''))) return;
    await rm(join(this.root, folder, file), { force: true });
  }

  async probe(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.W_OK);
  }

  async close(): Promise<void> {}

  private async entries(dir: string) {
    try {
      return await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
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
