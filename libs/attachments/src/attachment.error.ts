export enum AttachmentErrorCode {
  /** A file of zero bytes. */
  EMPTY_FILE = 'ATTACHMENT_EMPTY',
  /** Larger than the configured limit (ATTACHMENTS_MAX_BYTES). */
  TOO_LARGE = 'ATTACHMENT_TOO_LARGE',
  /** The bytes are none of the allowed kinds (PDF, Word/Excel/WPS, OFD, PNG/JPEG, plain text). */
  UNSUPPORTED_TYPE = 'UNSUPPORTED_ATTACHMENT_TYPE',
  /** The bytes are an allowed kind, but the file name says another one (a PNG called .pdf). */
  TYPE_MISMATCH = 'ATTACHMENT_TYPE_MISMATCH',
  /** The stored file is missing or its key is not one this store hands out. */
  NOT_STORED = 'ATTACHMENT_NOT_STORED',
}

/** A file refused or not found, with a stable code and messages in English and Chinese. */
export class AttachmentError extends Error {
  constructor(
    readonly code: AttachmentErrorCode,
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
    this.name = 'AttachmentError';
  }
}
