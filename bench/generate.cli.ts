/**
 * Entry of `bash bench/run.sh generate -- --out FILE [--tasks N] [--bureaus N] [--seed N]`, or with
 * `--pg URL` instead of `--out` into an empty PostgreSQL database (migrated first): see generate.ts.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { main } from './generate';
import { migrate } from './server.util';

const args = process.argv.slice(2);
const pgAt = args.indexOf('--pg');
if (pgAt >= 0) {
  const url = args[pgAt + 1];
  if (!url?.startsWith('postgres')) {
    process.stderr.write('--pg takes a postgres:// URL of an empty database (--pg 需要空数据库的 postgres:// 地址)\n');
    process.exit(2);
  }
  migrate(resolve('bench/.data/unused.sqlite'), { DATABASE_URL: url });
  void main(args).catch((err: Error) => {
    process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  });
} else generateSqlite();

function generateSqlite(): void {
  const at = args.indexOf('--out');
  const out = resolve(at >= 0 && args[at + 1] ? args[at + 1] : 'bench/.data/luoshi.sqlite');
  if (existsSync(out)) {
    process.stderr.write(`${out} already exists: remove it or choose another --out (生成的数据库已存在)\n`);
    process.exit(2);
  }
  mkdirSync(dirname(out), { recursive: true });
  // A new file gets luoshi's schema through `luoshi migrate` first, as the benchmarks' own databases do.
  migrate(out);
  void main([...args.filter((_, i) => i !== at && i !== at + 1), '--out', out]).catch((err: Error) => {
    process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  });
}
