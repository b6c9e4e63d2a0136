import type { Provider } from '@nestjs/common';
import { createAttachmentStore, type AttachmentStore } from '@luoshi/attachments';
import { APP_CONFIG, type AppConfig } from '@luoshi/config';

/** The injection token of the {@link AttachmentStore} in use. */
export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

/** Local disk, or the S3-compatible bucket when ATTACHMENTS_S3_BUCKET is set. */
export const ATTACHMENT_STORE_PROVIDER: Provider = {
  provide: ATTACHMENT_STORE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): AttachmentStore => createAttachmentStore(config.attachments),
};
