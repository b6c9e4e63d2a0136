/**
 * The parse thread's code: piscina runs it on the pool's worker threads (ReportParsePool), one
 * report per call. It loads @luoshi/report-parser alone, nothing of Nest or the database.
 */
import type { MessagePort } from 'node:worker_threads';
import { parseReport, type ParseOptions, type ParseResult } from '@luoshi/report-parser';

export interface ParseTask {
  input: Uint8Array | string;
  options: ParseOptions;
  /** Told as the parse begins, so the caller's time budget counts parsing, not waiting in the queue. */
  started: MessagePort;
}

export default function parseOnThread(task: ParseTask): ParseResult {
  task.started.postMessage('started');
  task.started.close();
  return parseReport(task.input, task.options);
}
