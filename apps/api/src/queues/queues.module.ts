import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@luoshi/config';
import { LINKING_QUEUE, REMINDERS_QUEUE } from '@luoshi/queues';
import { REDIS_CLIENT } from '@luoshi/platform';

export const API_QUEUES = Symbol('API_QUEUES');

/** The job queues the API produces to and reports on, one instance each on the shared connection. */
export type ApiQueues = Record<typeof REMINDERS_QUEUE | typeof LINKING_QUEUE, Queue>;

export const InjectQueues = (): ParameterDecorator => Inject(API_QUEUES);

@Global()
@Module({
  providers: [
    {
      provide: API_QUEUES,
      inject: [REDIS_CLIENT, APP_CONFIG],
      useFactory: (redis: Redis, config: AppConfig): ApiQueues => {
        const make = (name: string) => {
          const queue = new Queue(name, { connection: redis, prefix: config.redis.prefix, skipWaitingForReady: true });
          // Connection errors show in /api/health and in the Redis client's own log line.
          queue.on('error', () => undefined);
          return queue;
        };
        return { [REMINDERS_QUEUE]: make(REMINDERS_QUEUE), [LINKING_QUEUE]: make(LINKING_QUEUE) } as ApiQueues;
      },
    },
  ],
  exports: [API_QUEUES],
})
export class QueuesModule implements OnApplicationShutdown {
  constructor(@Inject(API_QUEUES) private readonly queues: ApiQueues) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
  }
}
