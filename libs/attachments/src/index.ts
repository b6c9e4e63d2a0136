export { AttachmentError, AttachmentErrorCode } from './attachment.error';
export {
  ATTACHMENT_KINDS,
  checkAttachment,
  extensionOf,
  sniffAttachment,
  tooLarge,
  zipEntryNames,
  type AttachmentKind,
  type SniffedType,
} from './attachment-type.util';
export { contentDisposition, sanitizeFileName, MAX_FILE_NAME_LENGTH } from './file-name.util';
export {
  isStorageKey,
  LocalDiskStore,
  newStorageKey,
  storeThenRecord,
  type AttachmentStore,
  type StoredObject,
} from './attachment-store';
export { S3Store, type S3StoreOptions } from './s3-store';
export { ORPHAN_GRACE_MS, sweepOrphans, type OrphanSweepResult } from './orphan-sweep';
export { createAttachmentStore, type AttachmentStoreSettings } from './attachment-store.factory';
