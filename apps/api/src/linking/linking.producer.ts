import { Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { LINKING_QUEUE, LINK_REPORTS_JOB, linkJobId } from '@luoshi/queues';
import { ReportLinkingService, type ReportPair } from '@luoshi/report-linking';
import { InjectRedis } from '@luoshi/platform';
import { InjectQueues, type ApiQueues } from '../queues/queues.module';

const ENQUEUE_TIMEOUT_MS = 2000;

/**
 * Queues the linking of a new report with its neighbours in a background job. When Redis is
 * unreachable the API keeps working: the pair is linked right here instead (it takes well under
 * a second for a real report), so no report is left unlinked.
 */
@Injectable()
export class LinkingProducer {
  private readonly logger = new Logger(LinkingProducer.name);
  private readonly linking: ReportLinkingService;

  constructor(
    dataSource: DataSource,
    @InjectRedis() private readonly redis: Redis,
    @InjectQueues() private readonly queues: ApiQueues,
  ) {
    this.linking = new ReportLinkingService(dataSource);
  }

  /** The pairs a report takes part in, queued (or linked inline when Redis is down). */
  async linkReport(reportId: number): Promise<{ pairs: ReportPair[]; mode: 'queued' | 'inline' }> {
    const pairs = await this.linking.pairsFor(reportId);
    if (pairs.length === 0) return { pairs, mode: 'queued' };
    if (this.redis.status === 'ready') {
      try {
        await Promise.race([
          Promise.all(
            pairs.map((pair) =>
              this.queues[LINKING_QUEUE].add(LINK_REPORTS_JOB, pair, {
                jobId: linkJobId(pair),
                attempts: 5,
                backoff: { type: 'exponential', delay: 2000 },
                removeOnComplete: true,
                removeOnFail: 1000,
              }),
            ),
          ),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('enqueue timed out')), ENQUEUE_TIMEOUT_MS).unref(),
          ),
        ]);
        return { pairs, mode: 'queued' };
      } catch (err) {
        this.logger.warn(`could not queue linking (${(err as Error).message}); linking inline`);
      }
    }
    for (const pair of pairs) await this.linking.link(pair);
    return { pairs, mode: 'inline' };
  }

  /** Links now, in this request (for people who ask to re-run it). */
  async relinkNow(reportId: number): Promise<ReportPair[]> {
    return this.linking.linkAllFor(reportId);
  }
}
