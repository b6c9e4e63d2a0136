#!/usr/bin/env node
'use strict';
// Entry point of `npx luoshi`: the compiled CLI (built by `npm run build`, which `npm ci` runs via `prepare`).
const path = require('node:path');
const fs = require('node:fs');
const main = path.join(__dirname, '..', 'dist', 'apps', 'cli', 'apps', 'cli', 'src', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write('luoshi is not built yet: run `npm run build` (尚未构建，请先执行 npm run build)\n');
  process.exit(1);
}
require(main);
