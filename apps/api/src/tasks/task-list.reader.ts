import { availableParallelism } from 'node:os';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import {
  SQLITE_BUSY_TIMEOUT_MS,
  SQLITE_STATEMENT_CACHE_SIZE,
  TaskListThreadPool,
  type Page,
  type TaskFilter,
  type ThreadPage,
} from '@luoshi/db';

/**
 * The task list's pages as JSON bodies, read on threads of their own (TaskListThread and
 * TaskListThreadPool explain why; LIST_THREADS of them, 2 by default) when the database is a
 * SQLite file and a core is left over: with as many API processes as cores (API_WORKERS) every
 * core already runs an event loop, and the threads would only add their hand-over and their memory
 * (BENCHMARKS.md, list). Otherwise null, and the caller reads in place: also with LIST_THREADS=0,
 * on PostgreSQL, whose driver is asynchronous already, and on an in-memory database, which cannot
 * be opened twice.
 */
@Injectable()
export class TaskListReader implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TaskListReader.name);
  private threads: TaskListThreadPool | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const options = this.dataSource.options;
    if (
      options.type !== 'better-sqlite3' ||
      options.database === ':memory:' ||
      this.config.listThreads === 0 ||
      this.config.apiWorkers >= availableParallelism()
    )
      return;
    this.threads = new TaskListThreadPool(
      {
        path: options.database,
        busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS,
        statementCacheSize: SQLITE_STATEMENT_CACHE_SIZE,
      },
      this.config.listThreads,
      (err) => this.logger.error(`A task list thread stopped; it starts again on its next request: ${err.message}`),
    );
    await this.threads.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.threads?.close();
  }

  /** Whether pages are read on the list threads (else in place, by TaskRepository). */
  get threaded(): boolean {
    return this.threads !== null;
  }

  /**
   * The page's JSON body in UTF-8 from a list thread, with `identityOf`'s identity read in the same
   * transaction; call only when {@link threaded}.
   */
  read(filter: TaskFilter, page: Page, now: Date, identityOf?: number): Promise<ThreadPage> {
    if (!this.threads) throw new Error('TaskListReader.read: lists are read in place here');
    return this.threads.read(filter, page, now, identityOf);
  }
}
