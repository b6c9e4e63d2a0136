/**
 * The list thread's code (a worker_threads Worker started by TaskListThread): reads one page of
 * the task list through its own read-only connection and answers with the JSON body the API
 * sends. It loads better-sqlite3, the list's SQL module and @luoshi/tasks, nothing of TypeORM or
 * Nest, so the thread costs a few MB.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { toTaskPage } from '@luoshi/tasks';
import { listRowOfValues } from '../repositories/task-list.sql';
import type { ListThreadData, PageAnswer, PageAsk } from './task-list.protocol';

const data = workerData as ListThreadData;
const db = new Database(data.path, { readonly: true, fileMustExist: true, timeout: data.busyTimeoutMs });
const statements = new Map<string, Database.Statement>();

/**
 * A statement prepared once per SQL text, answering with each row's values in an array (`raw`;
 * listRowOfValues says why); the oldest is dropped past the cache size.
 */
function prepared(sql: string): Database.Statement {
  let statement = statements.get(sql);
  if (!statement) {
    if (statements.size >= data.statementCacheSize) statements.delete(statements.keys().next().value!);
    statement = db.prepare(sql).raw(true);
    statements.set(sql, statement);
  }
  return statement;
}

// Both statements in one read transaction: the total counts the same snapshot the rows come from.
const readPage = db.transaction((ask: PageAsk) => {
  const rows = prepared(ask.rows.sql).all(...ask.rows.params) as unknown[][];
  const [total] = prepared(ask.count.sql).get(...ask.count.params) as [number];
  return { rows, total };
});

const utf8 = new TextEncoder();

function answer(ask: PageAsk): PageAnswer {
  try {
    const { rows, total } = readPage(ask);
    const page = toTaskPage(rows.map(listRowOfValues), total, ask, new Date(ask.now));
    // Encoded here, so the event loop neither copies the text nor encodes it to write the response.
    return { id: ask.id, body: utf8.encode(JSON.stringify(page)) };
  } catch (err) {
    return { id: ask.id, error: { message: (err as Error).message, code: (err as { code?: string }).code } };
  }
}

parentPort!.on('message', (ask: PageAsk) => {
  const reply = answer(ask);
  parentPort!.postMessage(reply, 'body' in reply ? [reply.body.buffer as ArrayBuffer] : []);
});
parentPort!.postMessage({ ready: true });
