import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { sweepOrphans, type AttachmentStore, type OrphanSweepResult } from '@luoshi/attachments';
import { AttachmentRepository } from '@luoshi/db';
import { ATTACHMENT_STORE } from './attachment-store.provider';

/** The first sweep waits a little after start, so that starting up stays quick; then one an hour. */
const FIRST_SWEEP_MS = 60_000;
const SWEEP_EVERY_MS = 60 * 60_000;

/**
 * Removes stored files no attachment row refers to — what a crash between writing the file and
 * committing its row leaves, and `.part` files of interrupted writes — once they are older than the
 * grace period (an upload in progress is never touched). Every API process sweeps: a sweep only
 * removes objects no row refers to, under keys no one will write again, so sweeps side by side are
 * harmless and no lock is needed.
 */
@Injectable()
export class AttachmentSweepService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AttachmentSweepService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<OrphanSweepResult>;

  constructor(
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    private readonly attachments: AttachmentRepository,
  ) {}

  onApplicationBootstrap(): void {
    const tick = (delay: number) => {
      this.timer = setTimeout(() => {
        this.sweep(new Date())
          .catch((err: Error) => this.logger.warn(`attachment sweep failed: ${err.message} (附件清理失败)`))
          .finally(() => tick(SWEEP_EVERY_MS));
      }, delay);
      this.timer.unref();
    };
    tick(FIRST_SWEEP_MS);
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
  }

  /** One sweep as of `now` (one at a time in this process). */
  sweep(now: Date): Promise<OrphanSweepResult> {
    this.running ??= sweepOrphans(this.store, (keys) => this.attachments.referencedKeys(keys), now)
      .then((result) => {
        if (result.removed > 0)
          this.logger.log(`removed ${result.removed} stored files no attachment refers to (已清理孤立附件文件)`);
        return result;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
