import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { JOB_HANDLERS_REQUIRED, LINKING_QUEUE, LINK_REPORTS_JOB, type LinkReportsPayload } from '@luoshi/queues';
import { ReportLinkingService } from '@luoshi/report-linking';
import { createWorkerConnection } from '@luoshi/platform';

type Handler = (job: Job) => Promise<unknown>;

/** Thrown at boot when a job name has no handler, so a deploy cannot silently drop jobs. */
export class MissingJobHandlerError extends Error {}

/**
 * Consumes the linking queue: holds a follow-up report against the prior plan and stores the
 * outcomes. Idempotent (a re-run recomputes the same rows), so BullMQ's retries are safe.
 */
@Injectable()
export class LinkingProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LinkingProcessor.name);
  private worker?: Worker;
  private connection?: Redis;
  private readonly handlers: Record<string, Handler>;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    dataSource: DataSource,
  ) {
    const linking = new ReportLinkingService(dataSource);
    this.handlers = {
      [LINK_REPORTS_JOB]: async (job) => {
        const payload = job.data as LinkReportsPayload;
        if (!Number.isInteger(payload?.priorReportId) || !Number.isInteger(payload?.followupReportId)) {
          throw new UnrecoverableError(`bad payload ${JSON.stringify(job.data)}`);
        }
        return linking.link(payload);
      },
    };
  }

  onApplicationBootstrap(): void {
    for (const { queue, job } of JOB_HANDLERS_REQUIRED) {
      if (queue === LINKING_QUEUE && !this.handlers[job])
        throw new MissingJobHandlerError(`no handler for ${queue}/${job}`);
    }
    this.connection = createWorkerConnection(this.config.redis);
    this.worker = new Worker(
      LINKING_QUEUE,
      async (job) => {
        const handler = this.handlers[job.name];
        if (!handler) throw new UnrecoverableError(`unknown job ${job.name}`);
        return handler(job);
      },
      {
        connection: this.connection,
        prefix: this.config.redis.prefix,
        concurrency: 2,
        lockDuration: this.config.jobLockSeconds * 1000,
        stalledInterval: this.config.jobLockSeconds * 1000,
      },
    );
    this.worker.on('failed', (job, err) =>
      this.logger.warn(`linking job ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`),
    );
    this.worker.on('error', (err) => this.logger.warn(`linking worker: ${err.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    this.connection?.disconnect();
  }
}
