/** Entry of `bash bench/run.sh generate -- --out FILE [--tasks N] [--bureaus N] [--seed N]`: see generate.ts. */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { main } from './generate';
import { migrate } from './server.util';

const args = process.argv.slice(2);
const at = args.indexOf('--out');
const out = resolve(at >= 0 && args[at + 1] ? args[at + 1] : 'bench/.data/luoshi.sqlite');
if (existsSync(out)) {
  process.stderr.write(`${out} already exists: remove it or choose another --out (生成的数据库已存在)\n`);
  process.exit(2);
}
mkdirSync(dirname(out), { recursive: true });
// A new file gets luoshi's schema through `luoshi migrate` first, as the benchmarks' own databases do.
migrate(out);
main([...args.filter((_, i) => i !== at && i !== at + 1), '--out', out]);
