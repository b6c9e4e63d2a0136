import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** A thread's script in `dir`: `<name>.js` when built, `<name>.ts` under Jest. */
export function threadScript(dir: string, name: string): string {
  const js = join(dir, `${name}.js`);
  return existsSync(js) ? js : join(dir, `${name}.ts`);
}

/**
 * Under Jest the sources are TypeScript, which a Worker cannot load by itself: tsx (a dev
 * dependency, never needed by the built app) compiles the thread's files and resolves the
 * @luoshi/* paths of tsconfig.json as it loads them.
 */
export function typescriptLoader(script: string): { execArgv?: string[] } {
  return script.endsWith('.ts') ? { execArgv: [...process.execArgv, '--require', 'tsx/cjs'] } : {};
}

export interface ThreadStart<M> {
  script: string;
  workerData: unknown;
  /** The thread's young generation in MB (what its work allocates dies with each task). */
  youngGenerationMb: number;
  /** Every message but `{ ready: true }`. */
  onMessage(message: M): void;
  /**
   * The thread is gone: `failure` is what it threw, if anything; `wasUp` whether it had said it was
   * ready. Returns the error start() fails with when it had not.
   */
  onExit(code: number, failure: Error | null, wasUp: boolean): Error;
}

/**
 * Starts a thread (node:worker_threads) on `script` and resolves once it posts `{ ready: true }`,
 * i.e. once whatever it opens at start is open; fails if it exits first. The thread is unref'd:
 * the server keeps the process up, never a thread.
 */
export function startThread<M>(start: ThreadStart<M>): Promise<Worker> {
  return new Promise<Worker>((resolve, reject) => {
    const worker = new Worker(start.script, {
      workerData: start.workerData,
      resourceLimits: { maxYoungGenerationSizeMb: start.youngGenerationMb },
      ...typescriptLoader(start.script),
    });
    worker.unref();
    let up = false;
    let failure: Error | null = null;
    worker.on('message', (message: M | { ready: true }) => {
      if ((message as { ready?: true }).ready) {
        up = true;
        resolve(worker);
      } else start.onMessage(message as M);
    });
    worker.on('error', (err) => {
      failure = err;
    });
    worker.on('exit', (code) => {
      const err = start.onExit(code, failure, up);
      if (!up) reject(err);
    });
  });
}
