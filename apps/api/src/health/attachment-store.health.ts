import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { AttachmentStore } from '@luoshi/attachments';
import { ATTACHMENT_STORE } from '../attachments/attachment-store.provider';

const PROBE_MS = 1500;

/**
 * Where attachments are kept and whether they can be written there now. Unreachable is `degraded`,
 * not `down`: tasks and reports keep working, only uploads and downloads wait.
 */
@Injectable()
export class AttachmentStoreHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
  ) {}

  async check(key = 'attachments'): Promise<HealthIndicatorResult> {
    const session = this.indicator.check(key);
    const kind = this.store.location.startsWith('s3://') ? 's3' : 'disk';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_MS} ms`)), PROBE_MS);
    });
    try {
      await Promise.race([this.store.probe(), timeout]);
      return session.up({ store: kind, location: this.store.location });
    } catch (err) {
      return session.degraded({
        store: kind,
        location: this.store.location,
        message: `attachments cannot be stored: ${(err as Error).message} (附件存储不可用)`,
      });
    } finally {
      clearTimeout(timer);
    }
  }
}
