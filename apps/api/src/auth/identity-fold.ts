import type { UserIdentity } from '@luoshi/db';
import type { Actor } from './actor.types';

/**
 * The identity re-read of a request that runs on its token's cached actor (AuthGuard), offered to
 * a handler that can read it with its own reads — the task list, in its one statement on
 * PostgreSQL (the separate read was a round trip of its own on every request, BENCHMARKS.md) and in
 * its list thread's read transaction on SQLite (instead of a TypeORM query on the event loop).
 * The handler either takes it (`readWith`) or leaves it; IdentityRecheckInterceptor then asks for
 * the fresh actor (`actor`) and gets the one the handler's statement read, or has it read alone.
 * Either way nothing is answered before a fresh identity agrees with the cached one.
 */
export class IdentityFold {
  private state: 'open' | 'taken' | 'read-alone' = 'open';
  private readonly fromHandler: Promise<Actor | null>;
  private settle!: { resolve(actor: Actor | null): void; reject(err: unknown): void };

  constructor(
    /** Whose identity to read. */
    readonly userId: number,
    /** The actor for the identity read (null: gone, disabled or its login ended). */
    private readonly toActor: (identity: UserIdentity | null) => Actor | null,
    /** The identity read on its own, for a handler that did not take the fold. */
    private readonly readAlone: () => Promise<Actor | null>,
  ) {
    this.fromHandler = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // Awaited by the interceptor; this keeps a failed read from being reported as unhandled first.
    this.fromHandler.catch(() => undefined);
  }

  /** Whether a handler may still take it (once per request: a handler run again reads without it). */
  get open(): boolean {
    return this.state === 'open';
  }

  /** Runs the handler's read with the user id whose identity it must read too, and keeps that identity. */
  async readWith<T extends { identity: UserIdentity | null }>(read: (userId: number) => Promise<T>): Promise<T> {
    if (this.state !== 'open') throw new Error('IdentityFold.readWith: the fold was already used');
    this.state = 'taken';
    try {
      const result = await read(this.userId);
      this.settle.resolve(this.toActor(result.identity));
      return result;
    } catch (err) {
      this.settle.reject(err);
      throw err;
    }
  }

  /** The fresh actor: the one the handler's statement read, or read now when the handler left the fold. */
  actor(): Promise<Actor | null> {
    if (this.state === 'open') this.state = 'read-alone';
    return this.state === 'taken' ? this.fromHandler : this.readAlone();
  }
}
