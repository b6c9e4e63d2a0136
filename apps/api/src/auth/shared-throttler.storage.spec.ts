import { EventEmitter } from 'node:events';
import type { Worker } from 'node:cluster';
import { Logger } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { answerThrottleAsks, type ThrottleAsk } from '../cluster/throttle-ipc';
import { ASK_TIMEOUT_MS, SharedThrottlerStorage, type PrimaryChannel } from './shared-throttler.storage';

const MINUTE = 60_000;

/** A cluster in miniature: each worker's channel and the primary's side of it, joined by events. */
function miniCluster(workers: number): { storages: SharedThrottlerStorage[]; channels: EventEmitter[] } {
  const primaryCounts = new ThrottlerStorageService();
  const channels: EventEmitter[] = [];
  const storages = Array.from({ length: workers }, () => {
    const toWorker = new EventEmitter();
    const atPrimary = Object.assign(new EventEmitter(), {
      isConnected: () => true,
      send: (message: unknown) => toWorker.emit('message', message),
    });
    answerThrottleAsks(atPrimary as unknown as Worker, primaryCounts);
    const channel = Object.assign(toWorker, {
      send: (message: ThrottleAsk) => setImmediate(() => atPrimary.emit('message', message)),
    });
    channels.push(channel);
    return new SharedThrottlerStorage(channel as PrimaryChannel);
  });
  return { storages, channels };
}

describe(SharedThrottlerStorage.name, () => {
  afterEach(() => jest.useRealTimers());

  it('counts in this process when it is not a cluster worker', async () => {
    const storage = new SharedThrottlerStorage(null);
    const hits = [];
    for (let i = 0; i < 3; i++) hits.push(await storage.increment('login:10.0.0.1', MINUTE, 2, MINUTE, 'default'));
    expect(hits.map((h) => [h.totalHits, h.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    storage.onApplicationShutdown();
  });

  it('counts one address once across the workers: the primary holds the count', async () => {
    const { storages } = miniCluster(2);
    const [a, b] = storages;
    const order = [a, b, a, b];
    const totals: number[] = [];
    for (const storage of order)
      totals.push((await storage.increment('login:10.0.0.2', MINUTE, 3, MINUTE, 'default')).totalHits);
    expect(totals).toEqual([1, 2, 3, 4]);
    // Another address has its own count.
    expect((await b.increment('login:10.0.0.3', MINUTE, 3, MINUTE, 'default')).totalHits).toBe(1);
    for (const storage of storages) storage.onApplicationShutdown();
  });

  it('counts in this process, and says so, when the primary does not answer in time', async () => {
    jest.useFakeTimers();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const silent = Object.assign(new EventEmitter(), { send: () => undefined });
    const storage = new SharedThrottlerStorage(silent as PrimaryChannel);
    const pending = storage.increment('login:10.0.0.4', MINUTE, 3, MINUTE, 'default');
    await jest.advanceTimersByTimeAsync(ASK_TIMEOUT_MS);
    expect((await pending).totalHits).toBe(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('did not answer'));
    storage.onApplicationShutdown();
    warn.mockRestore();
  });

  it('stops listening to the channel on shutdown', () => {
    const { storages, channels } = miniCluster(1);
    expect(channels[0].listenerCount('message')).toBe(1);
    storages[0].onApplicationShutdown();
    expect(channels[0].listenerCount('message')).toBe(0);
  });
});
