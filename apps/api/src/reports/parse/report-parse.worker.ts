/**
 * The parse thread's code: piscina runs it on the pool's worker threads (ReportParsePool), one
 * report per call. It loads @luoshi/report-parser alone, nothing of Nest or the database. Word and
 * PDF files have their text extracted here too, inside the parse's time budget.
 */
import type { MessagePort } from 'node:worker_threads';
import { parseReportFile, type ParseFileOptions, type ParseResult } from '@luoshi/report-parser';

export interface ParseTask {
  input: Uint8Array | string;
  options: ParseFileOptions;
  /** Told as the parse begins, so the caller's time budget counts parsing, not waiting in the queue. */
  started: MessagePort;
}

export default async function parseOnThread(task: ParseTask): Promise<ParseResult> {
  task.started.postMessage('started');
  task.started.close();
  return parseReportFile(task.input, task.options);
}
