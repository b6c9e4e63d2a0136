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
export { LocalDiskStore, newStorageKey, storeThenRecord, type AttachmentStore } from './attachment-store';
