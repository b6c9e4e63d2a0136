import { availableParallelism } from 'node:os';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_STATEMENT_CACHE_SIZE, TaskListThread, type Page, type TaskFilter } from '@luoshi/db';

/**
 * The task list's pages as JSON bodies, read on a thread of their own (TaskListThread explains
 * why) when the database is a SQLite file and a core is left over: with as many API processes as
 * cores (API_WORKERS) every core already runs an event loop, and the thread would only add its
 * hand-over and its memory (BENCHMARKS.md, list). Otherwise null, and the caller reads in place:
 * also on PostgreSQL, whose driver is asynchronous already, and on an in-memory database, which
 * cannot be opened twice.
 */
@Injectable()
export class TaskListReader implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TaskListReader.name);
  private thread: TaskListThread | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const options = this.dataSource.options;
    if (options.type !== 'better-sqlite3' || options.database === ':memory:' || this.config.apiWorkers >= availableParallelism()) return;
    this.thread = new TaskListThread({ path: options.database, busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS, statementCacheSize: SQLITE_STATEMENT_CACHE_SIZE }, (err) =>
      this.logger.error(`The task list thread stopped; it starts again on the next request: ${err.message}`),
    );
    await this.thread.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.thread?.close();
  }

  /** The page's JSON body in UTF-8, or null when lists are read in place. */
  pageJson(filter: TaskFilter, page: Page, now: Date): Promise<Buffer> | null {
    return this.thread ? this.thread.pageJson(filter, page, now) : null;
  }
}
