import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttachmentErrorCode } from './attachment.error';
import { LocalDiskStore, newStorageKey, storeThenRecord } from './attachment-store';

describe(LocalDiskStore.name, () => {
  let root: string;
  let store: LocalDiskStore;
  const files = () => readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'luoshi-attachments-'));
    store = new LocalDiskStore(join(root, 'attachments'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('put/get/delete', () => {
    it('stores, reads back and removes the bytes under a key', async () => {
      const key = newStorageKey(7);
      await store.put(key, Buffer.from('佐证材料'));
      await expect(store.get(key)).resolves.toEqual(Buffer.from('佐证材料'));
      expect(files().map((f) => f.name)).toEqual([key.split('/')[1]]);
      await store.delete(key);
      await expect(store.get(key)).rejects.toMatchObject({ code: AttachmentErrorCode.NOT_STORED });
      await expect(store.delete(key)).resolves.toBeUndefined();
    });

    it('refuses keys it did not make, so no path leaves its folder', async () => {
      await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ code: AttachmentErrorCode.NOT_STORED });
      await expect(store.put('7/../../x', Buffer.from('x'))).rejects.toMatchObject({
        code: AttachmentErrorCode.NOT_STORED,
      });
      expect(files()).toEqual([]);
    });
  });

  describe('storeThenRecord', () => {
    it('keeps the file when the record is written', async () => {
      const key = newStorageKey(1);
      await expect(storeThenRecord(store, key, Buffer.from('a'), async () => 42)).resolves.toBe(42);
      await expect(store.get(key)).resolves.toEqual(Buffer.from('a'));
    });

    it('removes the file again when writing the record fails', async () => {
      const key = newStorageKey(1);
      const failing = async () => {
        throw new Error('database is locked');
      };
      await expect(storeThenRecord(store, key, Buffer.from('a'), failing)).rejects.toThrow('database is locked');
      expect(files()).toEqual([]);
    });
  });
});
