import { existsSync } from 'node:fs';
import { join } from 'node:path';

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
