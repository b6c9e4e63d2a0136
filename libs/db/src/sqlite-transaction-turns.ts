import { AsyncLocalStorage } from 'node:async_hooks';
import { Mutex } from 'async-mutex';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

type AnyAsync = (...args: unknown[]) => Promise<unknown>;

/** EntityManager methods that open a transaction of their own (TypeORM's persist executor). */
const SELF_TRANSACTING = ['save', 'remove', 'softRemove', 'recover'] as const;

/**
 * Makes the transactions of one SQLite DataSource take turns.
 *
 * better-sqlite3 gives TypeORM one connection and one query runner per process, so concurrent
 * requests shared one SQLite transaction: a second `transaction()` became a savepoint inside the
 * first, a request could answer 201 while its rows were still uncommitted inside another's
 * transaction, one request's rollback undid another's acknowledged writes, and reads saw others'
 * uncommitted rows. (Found by the fault test that kills the API inside an ingest transaction:
 * with uploads overlapping, none of them survived, not even those already answered 201.)
 *
 * Here a transaction has the connection to itself from BEGIN to COMMIT. Its own statements are
 * told apart by async context (AsyncLocalStorage), so a transaction inside it — or a repository
 * read in its callback — runs in it as before (a savepoint, as TypeORM makes it); statements from
 * anywhere else wait for the turn, one at a time. PostgreSQL gives each transaction a pooled
 * connection of its own and is left as it is.
 *
 * TypeORM and @nestjs/typeorm have no lock for their single-connection drivers; async-mutex
 * provides the FIFO lock and this wraps the three entry points (transaction, the self-transacting
 * manager methods, and every statement of the shared query runner).
 */
export function withTransactionTurns(dataSource: DataSource): DataSource {
  if (dataSource.options.type !== 'better-sqlite3') return dataSource;
  const turn = new Mutex();
  const context = new AsyncLocalStorage<symbol>();
  let holder: symbol | null = null;
  const inTurn = () => holder !== null && context.getStore() === holder;

  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as AnyAsync;
  const takingTurns: AnyAsync = (...args) => {
    if (inTurn()) return transaction(...args);
    return turn.runExclusive(() => {
      const token = Symbol('transaction');
      holder = token;
      return context.run(token, () => transaction(...args)).finally(() => (holder = null));
    });
  };
  manager.transaction = takingTurns as EntityManager['transaction'];

  for (const method of SELF_TRANSACTING) {
    const original = (manager[method] as AnyAsync).bind(manager);
    const wrapped: AnyAsync = (...args) =>
      inTurn() ? original(...args) : takingTurns((m: EntityManager) => (m[method] as AnyAsync)(...args));
    Object.assign(manager, { [method]: wrapped });
  }

  const driver = dataSource.driver;
  const createQueryRunner = driver.createQueryRunner.bind(driver);
  const wrappedRunners = new WeakSet<QueryRunner>();
  driver.createQueryRunner = (mode) => {
    const runner = createQueryRunner(mode);
    if (!wrappedRunners.has(runner)) {
      wrappedRunners.add(runner);
      const query = runner.query.bind(runner) as AnyAsync;
      const waiting: AnyAsync = (...args) => (inTurn() ? query(...args) : turn.runExclusive(() => query(...args)));
      runner.query = waiting as QueryRunner['query'];
    }
    return runner;
  };
  return dataSource;
}
