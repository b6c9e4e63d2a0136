import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { threadScript, typescriptLoader } from '@luoshi/db';
import { ReportParseErrorCode, type ParseFileOptions, type ParseResult } from '@luoshi/report-parser';
import { ApiError } from '../../common/api-error';
import type { ParseTask } from './report-parse.worker';

/** Parses waiting for a thread, beyond which an upload is refused with 503 instead of piling up in memory. */
export const PARSE_QUEUE_LIMIT = 64;
/** A thread left idle this long exits; the next upload starts one again (a few tens of ms). */
const IDLE_THREAD_MS = 60_000;

export interface ParseThreadsOptions {
  threads: number;
  timeoutMs: number;
  /** The thread's module (tests give their own); report-parse.worker by default. */
  script?: string;
}

/**
 * Reports are parsed on worker threads (piscina), never on the event loop: a slow or hostile
 * document (a 2 MB page of nested tags, a pathological line) holds one parse thread, not every
 * request of the process. A parse that runs past its budget is aborted — piscina terminates the
 * thread that runs it — and refused as PARSE_TIMEOUT (422). The budget starts when the parse
 * starts, so uploads queued behind a hostile one are not refused for waiting.
 */
export class ParseThreads {
  private readonly logger = new Logger(ParseThreads.name);
  private readonly pool: Piscina<ParseTask, ParseResult>;
  /** Parses running or waiting. Counted here: piscina's maxQueue leaves out tasks that carry an abort signal, as all of ours do. */
  private inFlight = 0;

  constructor(private readonly options: ParseThreadsOptions) {
    const filename = options.script ?? threadScript(__dirname, 'report-parse.worker');
    this.pool = new Piscina<ParseTask, ParseResult>({
      filename,
      minThreads: 0,
      maxThreads: options.threads,
      idleTimeout: IDLE_THREAD_MS,
      ...typescriptLoader(filename),
    });
  }

  /** The parse of one upload (text, HTML, Word or PDF); a refused input comes back as `ok: false`, as from parseReportFile itself. */
  async parse(input: Uint8Array | string, options: ParseFileOptions): Promise<ParseResult> {
    if (this.inFlight >= this.options.threads + PARSE_QUEUE_LIMIT) {
      throw new ApiError(
        503,
        'PARSE_BUSY',
        'Too many reports are being parsed right now; try again in a minute',
        '当前解析的报告过多，请稍后再试',
      );
    }
    this.inFlight++;
    const { port1, port2 } = new MessageChannel();
    const abort = new AbortController();
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    port1.once('message', () => {
      if (settled) return;
      timer = setTimeout(() => abort.abort(), this.options.timeoutMs);
      timer.unref();
    });
    try {
      return await this.pool.run({ input, options, started: port2 }, { signal: abort.signal, transferList: [port2] });
    } catch (err) {
      if (abort.signal.aborted) return this.timedOut();
      throw err;
    } finally {
      this.inFlight--;
      settled = true;
      clearTimeout(timer);
      port1.close();
    }
  }

  private timedOut(): ParseResult {
    const seconds = Math.round(this.options.timeoutMs / 100) / 10;
    this.logger.warn(`a report's parse ran past ${seconds} s and was stopped`);
    return {
      ok: false,
      error: {
        code: ReportParseErrorCode.PARSE_TIMEOUT,
        message: `Reading this document took longer than ${seconds} s and was stopped; check that it is an ordinary report (deeply nested or machine-generated pages are refused)`,
        messageZh: `解析该文件超过${seconds}秒，已停止；请确认其为正常的年度报告（层层嵌套或机器生成的页面无法读取）`,
      },
      report: {},
    };
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}

/** The API's parse threads, sized by PARSE_THREADS and PARSE_TIMEOUT_SECONDS, stopped on shutdown. */
@Injectable()
export class ReportParsePool extends ParseThreads implements OnApplicationShutdown {
  constructor(@InjectConfig() config: AppConfig) {
    super({ threads: config.parse.threads, timeoutMs: config.parse.timeoutSeconds * 1000 });
  }

  onApplicationShutdown(): Promise<void> {
    return this.destroy();
  }
}
