import type { Provider } from '@nestjs/common';
import { LocalDiskStore, type AttachmentStore } from '@luoshi/attachments';
import { APP_CONFIG, type AppConfig } from '@luoshi/config';

/** The injection token of the {@link AttachmentStore} in use. */
export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

export const ATTACHMENT_STORE_PROVIDER: Provider = {
  provide: ATTACHMENT_STORE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): AttachmentStore => new LocalDiskStore(config.attachments.dir),
};
