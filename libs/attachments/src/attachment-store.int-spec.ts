import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalS3, type LocalS3 } from '../test/s3-server.helper';
import { AttachmentErrorCode } from './attachment.error';
import { LocalDiskStore, newStorageKey, storeThenRecord, type AttachmentStore } from './attachment-store';
import { ORPHAN_GRACE_MS, sweepOrphans } from './orphan-sweep';
import { S3Store } from './s3-store';

/** A store under test, and one pointed at the same place whose next write fails. */
interface Subject {
  store: AttachmentStore;
  failingStore(key: string): AttachmentStore;
}

const listed = async (store: AttachmentStore) => {
  const names: string[] = [];
  for await (const o of store.list()) names.push(o.name);
  return names.sort();
};

let s3: LocalS3;
let root: string;
let prefixes = 0;
const stores: Array<[string, () => Subject]> = [
  [
    'LocalDiskStore',
    () => {
      const dir = join(root, `attachments-${++prefixes}`);
      return {
        store: new LocalDiskStore(dir),
        // The task's folder is taken by a file: the write cannot start.
        failingStore: (key) => {
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, key.split('/')[0]), 'in the way');
          return new LocalDiskStore(dir);
        },
      };
    },
  ],
  [
    'S3Store (s3rver)',
    () => {
      const options = {
        bucket: s3.bucket,
        prefix: `run-${++prefixes}/`,
        endpoint: s3.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      };
      return {
        store: new S3Store(options),
        // A bucket the server does not have: it refuses the write.
        failingStore: () => new S3Store({ ...options, bucket: 'no-such-bucket' }),
      };
    },
  ],
];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'luoshi-store-contract-'));
  s3 = await startLocalS3();
});

afterAll(async () => {
  await s3?.close();
  rmSync(root, { recursive: true, force: true });
});

describe.each(stores)('%s', (_name, make) => {
  let subject: Subject;
  let store: AttachmentStore;

  beforeEach(() => {
    subject = make();
    store = subject.store;
  });
  afterEach(async () => {
    await (store as Partial<S3Store>).close?.();
  });

  describe('put/get/delete', () => {
    it('stores, reads back and removes the bytes under a key', async () => {
      const key = newStorageKey(7);
      await store.put(key, Buffer.from('佐证材料'));
      await expect(store.get(key)).resolves.toEqual(Buffer.from('佐证材料'));
      await expect(listed(store)).resolves.toEqual([key]);
      await store.delete(key);
      await expect(store.get(key)).rejects.toMatchObject({ code: AttachmentErrorCode.NOT_STORED });
      await expect(store.delete(key)).resolves.toBeUndefined();
      await expect(listed(store)).resolves.toEqual([]);
    });

    it('answers NOT_STORED for a key it never stored, and refuses keys it did not make', async () => {
      await expect(store.get(newStorageKey(3))).rejects.toMatchObject({ code: AttachmentErrorCode.NOT_STORED });
      await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ code: AttachmentErrorCode.NOT_STORED });
      await expect(store.put('7/../../x', Buffer.from('x'))).rejects.toMatchObject({
        code: AttachmentErrorCode.NOT_STORED,
      });
      await expect(listed(store)).resolves.toEqual([]);
    });

    it('leaves nothing behind when a put fails', async () => {
      const key = newStorageKey(9);
      const failing = subject.failingStore(key);
      await expect(failing.put(key, Buffer.from('半个文件'))).rejects.toThrow();
      await expect(store.get(key)).rejects.toMatchObject({ code: AttachmentErrorCode.NOT_STORED });
      await expect(listed(store)).resolves.toEqual([]);
    });

    it('can be written to now (the health check)', async () => {
      await expect(store.probe()).resolves.toBeUndefined();
    });
  });

  describe('storeThenRecord', () => {
    it('removes the bytes again when writing the record fails', async () => {
      const key = newStorageKey(1);
      const failing = async () => {
        throw new Error('database is locked');
      };
      await expect(storeThenRecord(store, key, Buffer.from('a'), failing)).rejects.toThrow('database is locked');
      await expect(listed(store)).resolves.toEqual([]);
    });
  });

  describe('sweepOrphans', () => {
    it('removes an object no row refers to once the grace period is over, keeping referenced and young ones', async () => {
      const [orphan, recorded] = [newStorageKey(4), newStorageKey(4)];
      await store.put(orphan, Buffer.from('崩溃前写入'));
      await store.put(recorded, Buffer.from('已登记'));
      const rows = async (keys: string[]) => new Set(keys.filter((k) => k === recorded));
      // Just written: young, kept even without a row (its upload may still be committing).
      await expect(sweepOrphans(store, rows, new Date())).resolves.toEqual({ seen: 2, removed: 0 });
      await expect(listed(store)).resolves.toEqual([orphan, recorded].sort());
      const later = new Date(Date.now() + ORPHAN_GRACE_MS + 60_000);
      await expect(sweepOrphans(store, rows, later)).resolves.toEqual({ seen: 2, removed: 1 });
      await expect(listed(store)).resolves.toEqual([recorded]);
      await expect(store.get(recorded)).resolves.toEqual(Buffer.from('已登记'));
    });
  });
});

describe('LocalDiskStore leftovers', () => {
  it('lists the .part a crash left and the sweep removes it after the grace period, leaving foreign files', async () => {
    const dir = join(root, 'leftovers');
    const store = new LocalDiskStore(dir);
    const key = newStorageKey(5);
    mkdirSync(join(dir, '5'), { recursive: true });
    const part = `${key.split('/')[1]}.0badc0de.part`;
    writeFileSync(join(dir, '5', part), 'half');
    writeFileSync(join(dir, '5', 'notes.txt'), 'not ours');
    await expect(listed(store)).resolves.toEqual([`5/${part}`]);
    const later = new Date(Date.now() + ORPHAN_GRACE_MS + 60_000);
    await expect(sweepOrphans(store, async () => new Set(), later)).resolves.toEqual({ seen: 1, removed: 1 });
    expect(readdirSync(join(dir, '5'))).toEqual(['notes.txt']);
  });
});
