import type { Worker } from 'node:cluster';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What the throttler's storage counts for one key. */
export type ThrottleRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
export type ThrottleArgs = Parameters<ThrottlerStorage['increment']>;

/** A worker asking the cluster primary to count one login attempt. */
export interface ThrottleAsk {
  luoshi: 'throttle';
  id: number;
  args: ThrottleArgs;
}

/** The primary's answer to a {@link ThrottleAsk} with the same id. */
export interface ThrottleAnswer {
  luoshi: 'throttle-answer';
  id: number;
  record: ThrottleRecord;
}

export function isThrottleAsk(message: unknown): message is ThrottleAsk {
  const m = message as Partial<ThrottleAsk> | null;
  return (
    typeof m === 'object' && m !== null && m.luoshi === 'throttle' && typeof m.id === 'number' && Array.isArray(m.args)
  );
}

export function isThrottleAnswer(message: unknown): message is ThrottleAnswer {
  const m = message as Partial<ThrottleAnswer> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.luoshi === 'throttle-answer' &&
    typeof m.id === 'number' &&
    typeof m.record === 'object'
  );
}

/** In the primary: counts every worker's login attempts in one storage, so the limit is per address, not per process. */
export function answerThrottleAsks(worker: Worker, storage: ThrottlerStorage): void {
  worker.on('message', (message: unknown) => {
    if (!isThrottleAsk(message)) return;
    void storage.increment(...message.args).then((record) => {
      if (worker.isConnected())
        worker.send({ luoshi: 'throttle-answer', id: message.id, record } satisfies ThrottleAnswer);
    });
  });
}
