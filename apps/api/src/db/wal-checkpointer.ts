import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { FALLBACK_AUTOCHECKPOINT_PAGES, SQLITE_BUSY_TIMEOUT_MS, WalCheckpointThread } from '@luoshi/db';

/** How often the thread checkpoints; a PASSIVE checkpoint of a WAL already copied back costs next to nothing. */
const CHECKPOINT_EVERY_MS = 200;

/**
 * On a SQLite file, the API's WAL checkpoints run on a thread of their own (WalCheckpointThread
 * says why), and the API's connection keeps checkpointing by itself only past
 * FALLBACK_AUTOCHECKPOINT_PAGES. Nothing on PostgreSQL or an in-memory database, nor with
 * WAL_CHECKPOINT_THREAD=off (the ingest benchmark's comparison): the connection then checkpoints
 * as SQLite does by default.
 */
@Injectable()
export class WalCheckpointer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(WalCheckpointer.name);
  private thread: WalCheckpointThread | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const options = this.dataSource.options;
    if (options.type !== 'better-sqlite3' || options.database === ':memory:' || !this.config.walCheckpointThread)
      return;
    this.thread = new WalCheckpointThread(
      { path: options.database, busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS, everyMs: CHECKPOINT_EVERY_MS },
      (message) =>
        this.logger.warn(
          `WAL checkpoint: ${message}; the API's own connection checkpoints past ${FALLBACK_AUTOCHECKPOINT_PAGES} pages`,
        ),
    );
    await this.thread.start();
    await this.dataSource.query(`PRAGMA wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.thread?.close();
  }
}
