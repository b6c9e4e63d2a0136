import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_STATEMENT_CACHE_SIZE, TaskListThread, type Page, type TaskFilter } from '@luoshi/db';

/**
 * The task list's pages as JSON bodies, read on a thread of their own when the database is a
 * SQLite file (TaskListThread explains why); null otherwise (PostgreSQL's driver is already
 * asynchronous, and an in-memory database cannot be opened twice), and the caller reads in place.
 */
@Injectable()
export class TaskListReader implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TaskListReader.name);
  private thread: TaskListThread | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const options = this.dataSource.options;
    if (options.type !== 'better-sqlite3' || options.database === ':memory:') return;
    this.thread = new TaskListThread(
      { path: options.database, busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS, statementCacheSize: SQLITE_STATEMENT_CACHE_SIZE },
      (err) => this.logger.error(`The task list thread stopped; it starts again on the next request: ${err.message}`),
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
