import { LocalDiskStore, type AttachmentStore } from './attachment-store';
import { S3Store } from './s3-store';

/** Where attachments go, as the configuration states it (AppConfig's `attachments` has this shape). */
export interface AttachmentStoreSettings {
  dir: string;
  s3: {
    bucket: string;
    endpoint: string | null;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string } | null;
    forcePathStyle: boolean;
    prefix: string;
  } | null;
}

/** The S3 store when a bucket is configured, else files under `dir`. */
export function createAttachmentStore(settings: AttachmentStoreSettings): AttachmentStore {
  const s3 = settings.s3;
  if (!s3) return new LocalDiskStore(settings.dir);
  return new S3Store({
    bucket: s3.bucket,
    prefix: s3.prefix,
    endpoint: s3.endpoint ?? undefined,
    region: s3.region,
    credentials: s3.credentials ?? undefined,
    forcePathStyle: s3.forcePathStyle,
  });
}
