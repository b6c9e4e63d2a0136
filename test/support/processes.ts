import type { ChildProcess } from 'node:child_process';

/** Whether a process with this pid is still running. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves with the child's exit code or signal, at once if it has already exited. */
export const exited = (child: ChildProcess): Promise<number | string> =>
  new Promise<number | string>((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve(child.exitCode ?? child.signalCode!)
      : child.once('exit', (code, signal) => resolve(code ?? signal!)),
  );
