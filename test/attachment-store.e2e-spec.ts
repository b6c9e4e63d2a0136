import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAttachmentStore,
  newStorageKey,
  ORPHAN_GRACE_MS,
  type AttachmentStore,
  type StoredObject,
} from '@luoshi/attachments';
import { AttachmentSweepService } from '../apps/api/src/attachments/attachment-sweep.service';
import { startLocalS3, type LocalS3 } from '../libs/attachments/test/s3-server.helper';
import { bootApiWorld, type ApiWorld } from './support/api-world';
import { fileForm, sample } from './support/fixtures';
import { databaseTargets } from './support/test-env';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

jest.setTimeout(120_000);

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  await s3?.close();
});

let runs = 0;
describe.each(databaseTargets().flatMap((db) => [`${db} + disk`, `${db} + s3`]))(
  'the attachment store on %s',
  (name) => {
    const [target, kind] = name.split(' + ') as [ReturnType<typeof databaseTargets>[number], 'disk' | 's3'];
    let api: ApiWorld;
    let dir: string;
    let store: AttachmentStore;
    let taskId: number;
    const listed = async () => {
      const objects: StoredObject[] = [];
      for await (const o of store.list()) objects.push(o);
      return objects.map((o) => o.name).sort();
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'luoshi-store-e2e-'));
      const env: Record<string, string> = { REDIS_URL: 'redis://127.0.0.1:1', ATTACHMENTS_DIR: dir };
      if (kind === 's3')
        Object.assign(env, {
          ATTACHMENTS_S3_BUCKET: s3.bucket,
          ATTACHMENTS_S3_ENDPOINT: s3.endpoint,
          ATTACHMENTS_S3_ACCESS_KEY_ID: s3.accessKeyId,
          ATTACHMENTS_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
          ATTACHMENTS_S3_FORCE_PATH_STYLE: 'true',
          ATTACHMENTS_S3_PREFIX: `e2e-${process.pid}-${++runs}/`,
        });
      api = await bootApiWorld(target, env);
      store = createAttachmentStore(api.db.config.attachments);
      const report = await api.as.staffA.post('/api/reports', { text: sample('xihu-2023.txt').toString('utf8') });
      if (report.status !== 201) throw new Error(`report: ${report.status} ${report.text}`);
      taskId = (await api.as.staffA.get(`/api/tasks?reportId=${report.body.report.id}`)).body.items[0].id;
    });
    afterAll(async () => {
      await store?.close();
      await api?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps an upload in the configured store and downloads the same bytes through the API', async () => {
      const res = await api.as.staffA.request(
        'POST',
        `/api/tasks/${taskId}/attachments`,
        fileForm('整改报告.pdf', PDF),
      );
      expect(res.status).toBe(201);
      await expect(listed()).resolves.toHaveLength(1);
      // With a bucket configured nothing lands on local disk.
      expect(readdirSync(dir)).toEqual(kind === 's3' ? [] : [String(taskId)]);
      const file = await api.as.supervisor.get(res.body.downloadUrl);
      expect(file.status).toBe(200);
      expect(file.bytes.equals(PDF)).toBe(true);
      const health = await api.as.admin.get('/api/health');
      expect(health.body.details.attachments).toEqual({
        status: 'up',
        store: kind,
        location: kind === 's3' ? `s3://${s3.bucket}/${api.db.config.attachments.s3!.prefix}` : dir,
      });
    });

    it('sweeps away a stored file no attachment refers to once it is older than the grace period', async () => {
      const [recorded] = await listed();
      const orphan = newStorageKey(taskId);
      // What a crash between writing the file and committing its row leaves.
      await store.put(orphan, Buffer.from('崩溃前写入的文件'));
      const sweeper = api.app.get(AttachmentSweepService);
      await expect(sweeper.sweep(new Date())).resolves.toEqual({ seen: 2, removed: 0 });
      await expect(listed()).resolves.toEqual([orphan, recorded].sort());
      const later = new Date(Date.now() + ORPHAN_GRACE_MS + 60_000);
      await expect(sweeper.sweep(later)).resolves.toEqual({ seen: 2, removed: 1 });
      await expect(listed()).resolves.toEqual([recorded]);
      const list = await api.as.staffA.get(`/api/tasks/${taskId}/attachments`);
      const file = await api.as.staffA.get(list.body.items[0].downloadUrl);
      expect(file.bytes.equals(PDF)).toBe(true);
    });
  },
);
