/**
 * The list thread's code (a worker_threads Worker started by TaskListThread): reads one page of
 * the task list (with the bureaus' participations, and the caller's identity when asked) through
 * its own read-only connection and answers with the JSON body the API sends. It loads better-sqlite3, the list's SQL module and @luoshi/tasks, nothing of TypeORM or
 * Nest, so the thread costs a few MB.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { toTaskPage } from '@luoshi/tasks';
import { identitySelect } from '../repositories/identity.sql';
import {
  listRowOfValues,
  needsParticipantIds,
  participationsSql,
  taskPageSql,
  withParticipantIds,
} from '../repositories/task-list.sql';
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

// Prepared on first use: the thread starts before the API has checked the schema is migrated.
let identity: Database.Statement | undefined;

// Every statement in one read transaction: the participations, the rows, the total and the
// caller's identity all come from the same snapshot.
const readPage = db.transaction((ask: PageAsk) => {
  let filter = ask.filter;
  if (needsParticipantIds(filter)) {
    const participations = participationsSql(filter.bureauIds);
    const ids = (prepared(participations.sql).all(...participations.params) as unknown[][]).map(([id]) => Number(id));
    filter = withParticipantIds(filter, ids);
  }
  const sql = taskPageSql(filter, ask.page);
  const rows = prepared(sql.rows.sql).all(...sql.rows.params) as unknown[][];
  const [total] = prepared(sql.count.sql).get(...sql.count.params) as [number];
  const who =
    ask.identityOf === undefined
      ? undefined
      : (((identity ??= db.prepare(`${identitySelect('')} WHERE "id" = ?`)).get(ask.identityOf) as
          Record<string, unknown> | undefined) ?? null);
  return { rows, total, who };
});

const utf8 = new TextEncoder();

function answer(ask: PageAsk): PageAnswer {
  try {
    const { rows, total, who } = readPage(ask);
    const page = toTaskPage(rows.map(listRowOfValues), total, ask.page, new Date(ask.now));
    // Encoded here, so the event loop neither copies the text nor encodes it to write the response.
    const body = utf8.encode(JSON.stringify(page));
    return who === undefined ? { id: ask.id, body } : { id: ask.id, body, identity: who };
  } catch (err) {
    return { id: ask.id, error: { message: (err as Error).message, code: (err as { code?: string }).code } };
  }
}

parentPort!.on('message', (ask: PageAsk) => {
  const reply = answer(ask);
  parentPort!.postMessage(reply, 'body' in reply ? [reply.body.buffer as ArrayBuffer] : []);
});
parentPort!.postMessage({ ready: true });
