import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AttachmentStore } from '@luoshi/attachments';
import { ATTACHMENT_STORE, ATTACHMENT_STORE_PROVIDER } from './attachment-store.provider';
import { AttachmentSweepService } from './attachment-sweep.service';

/** The attachment store (disk or S3) for the attachment routes and the health check, and its orphan sweep. */
@Module({
  providers: [ATTACHMENT_STORE_PROVIDER, AttachmentSweepService],
  exports: [ATTACHMENT_STORE, AttachmentSweepService],
})
export class AttachmentStoreModule implements OnApplicationShutdown {
  constructor(@Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
