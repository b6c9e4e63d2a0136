import type { Page, TaskFilter } from '../repositories/task-list.sql';
import type { ListThreadData } from './task-list.protocol';
import { TaskListThread, type ThreadPage } from './task-list.thread';

/**
 * Several list threads behind one `pageJson`: each page goes to the thread with the fewest pages
 * in hand, ties taken in turn so that idle threads share the work.
 *
 * One thread was the API's busiest thread under the list load (~94% busy at ~1,300 req/s on two
 * cores, while the event loop used ~40% of a core): a page costs it about twice what the event
 * loop spends on the request, so a second thread lets the list use the CPU the first one left
 * idle (README, Benchmarks). Each thread has its own read-only connection and its own small heap.
 */
export class TaskListThreadPool {
  private readonly threads: TaskListThread[];
  private turn = 0;

  constructor(data: ListThreadData, size: number, onExit: (err: Error) => void = () => undefined) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`A task list pool needs at least one thread, not ${size}`);
    this.threads = Array.from({ length: size }, () => this.createThread(data, onExit));
  }

  /** Starts every thread; if one cannot open the database, stops the others and fails. */
  async start(): Promise<void> {
    try {
      await Promise.all(this.threads.map((thread) => thread.start()));
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  /** One page as the API's JSON body in UTF-8 (TaskListThread.pageJson), read by the least busy thread. */
  async pageJson(filter: TaskFilter, page: Page, now: Date = new Date()): Promise<Buffer> {
    return (await this.read(filter, page, now)).body;
  }

  /** TaskListThread.read on the least busy thread. */
  read(filter: TaskFilter, page: Page, now: Date = new Date(), identityOf?: number): Promise<ThreadPage> {
    const count = this.threads.length;
    let chosen = this.threads[this.turn];
    for (let i = 1; i < count && chosen.pending > 0; i++) {
      const thread = this.threads[(this.turn + i) % count];
      if (thread.pending < chosen.pending) chosen = thread;
    }
    this.turn = (this.turn + 1) % count;
    return chosen.read(filter, page, now, identityOf);
  }

  /** Lets each thread finish what it holds, then stops them all. */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.close()));
  }

  /** One member thread (its tests give it another script). */
  protected createThread(data: ListThreadData, onExit: (err: Error) => void): TaskListThread {
    return new TaskListThread(data, onExit);
  }
}
