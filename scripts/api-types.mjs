#!/usr/bin/env node
// Regenerates the dashboard's API types from the API's own OpenAPI document:
//   apps/web/src/api/openapi.json   — the document exactly as GET /docs/json serves it
//   apps/web/src/api/openapi.gen.ts — openapi-typescript's types for it (what apps/web imports)
// Run `npm run api:types` after changing a controller or DTO; the contract test (test/contract.e2e-spec.ts)
// fails while the committed document differs from what the API serves.
// Uses the build (dist/), on a throwaway migrated SQLite file; nothing listens on a port.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = join(root, 'dist/apps/api');
const out = join(root, 'apps/web/src/api');

const dir = mkdtempSync(join(tmpdir(), 'luoshi-openapi-'));
const env = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  SQLITE_PATH: join(dir, 'luoshi.sqlite'),
  REDIS_URL: 'redis://127.0.0.1:1',
};
try {
  execFileSync(process.execPath, [join(root, 'bin/luoshi.js'), 'migrate'], {
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });
  require('reflect-metadata');
  const { loadConfig } = require(join(dist, 'libs/config/src'));
  const { createApiApp } = require(join(dist, 'apps/api/src/app.factory'));
  const app = await createApiApp(loadConfig(env));
  const res = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/docs/json' });
  await app.close();
  if (res.statusCode !== 200) throw new Error(`GET /docs/json answered ${res.statusCode}`);
  writeFileSync(join(out, 'openapi.json'), `${JSON.stringify(JSON.parse(res.body), null, 2)}\n`);
  execFileSync(
    join(root, 'node_modules/.bin/openapi-typescript'),
    [join(out, 'openapi.json'), '--output', join(out, 'openapi.gen.ts'), '--root-types', '--alphabetize'],
    { stdio: 'pipe' },
  );
  execFileSync(
    join(root, 'node_modules/.bin/prettier'),
    ['--write', join(out, 'openapi.gen.ts'), join(out, 'openapi.json')],
    {
      stdio: 'pipe',
    },
  );
  process.stdout.write(`wrote ${join(out, 'openapi.json')} and openapi.gen.ts\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
