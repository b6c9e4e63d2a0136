import cluster from 'node:cluster';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { isThrottleAnswer, type ThrottleArgs, type ThrottleAsk, type ThrottleRecord } from '../cluster/throttle-ipc';

/** How long a worker waits for the primary's count before counting on its own. */
export const ASK_TIMEOUT_MS = 1000;

/** The IPC channel to the cluster primary: `process` in a cluster worker. */
export interface PrimaryChannel {
  send(message: ThrottleAsk): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/** `process` when this is a cluster worker with an IPC channel, else null (a single API process). */
function primaryChannel(): PrimaryChannel | null {
  return cluster.isWorker && typeof process.send === 'function' ? (process as unknown as PrimaryChannel) : null;
}

/**
 * Login-attempt counts. A single API process counts in memory (the throttler's own storage); in a
 * cluster (API_WORKERS > 1) each worker asks the primary, which holds the one count for every
 * address, so the limit does not multiply by the number of processes. A Redis-backed storage
 * (@nest-lab/throttler-storage-redis) would do the same but make logins depend on Redis, which the
 * API otherwise runs without; the cluster's own IPC channel is always there. Made by the throttler
 * module's factory (auth.module.ts), not by injection.
 */
export class SharedThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('Auth');
  private readonly local = new ThrottlerStorageService();
  private readonly waiting = new Map<number, { resolve(record: ThrottleRecord): void; timer: NodeJS.Timeout }>();
  private nextId = 1;

  private readonly onMessage = (message: unknown): void => {
    if (!isThrottleAnswer(message)) return;
    const asked = this.waiting.get(message.id);
    if (!asked) return;
    this.waiting.delete(message.id);
    clearTimeout(asked.timer);
    asked.resolve(message.record);
  };

  constructor(private readonly primary: PrimaryChannel | null = primaryChannel()) {
    primary?.on('message', this.onMessage);
  }

  increment(...args: ThrottleArgs): Promise<ThrottleRecord> {
    const primary = this.primary;
    if (!primary) return this.local.increment(...args);
    return new Promise((resolve) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        this.logger.warn(
          'The cluster primary did not answer: counting this login attempt in this process only (登录限流计数暂按单进程)',
        );
        resolve(this.local.increment(...args));
      }, ASK_TIMEOUT_MS);
      this.waiting.set(id, { resolve, timer });
      primary.send({ luoshi: 'throttle', id, args } satisfies ThrottleAsk);
    });
  }

  onApplicationShutdown(): void {
    this.primary?.off('message', this.onMessage);
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    this.local.onApplicationShutdown();
  }
}
