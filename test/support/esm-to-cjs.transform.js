'use strict';
// Jest transformer for ES-module-only packages in node_modules (NestJS 12, and the small ESM-only
// packages Fastify plugins require).
//
// Why: the apps run on Node 20 (what the machines have), where Node loads these packages through
// require(esm). Jest has its own module loader that supports require(esm) only on Node >= 24.9, and
// its native ESM mode cannot load a CommonJS package that itself requires an ESM one. So for tests
// only, ESM files are compiled to CommonJS with esbuild (a well-kept compiler) and everything else
// is left untouched.
const { transformSync } = require('esbuild');
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { createHash } = require('node:crypto');

const typeCache = new Map();

/** The "type" of the nearest package.json above `dir`. */
function packageType(dir) {
  if (typeCache.has(dir)) return typeCache.get(dir);
  const file = join(dir, 'package.json');
  let type;
  if (existsSync(file)) {
    try {
      type = JSON.parse(readFileSync(file, 'utf8')).type ?? 'commonjs';
    } catch {
      type = undefined;
    }
  }
  if (type === undefined) {
    const parent = dirname(dir);
    type = parent === dir ? 'commonjs' : packageType(parent);
  }
  typeCache.set(dir, type);
  return type;
}

function isEsm(filename) {
  if (filename.endsWith('.mjs')) return true;
  if (filename.endsWith('.cjs')) return false;
  return packageType(dirname(filename)) === 'module';
}

module.exports = {
  getCacheKey(source, filename) {
    return createHash('sha1').update('esm-to-cjs-v3').update(filename).update(source).digest('hex');
  },
  process(source, filename) {
    // CommonJS files are left alone unless they use import(), which Jest's CommonJS loader cannot
    // run on Node 20 (@bull-board loads @fastify/view that way): esbuild turns it into require().
    if (!isEsm(filename) && !/\bimport\(/.test(source)) return { code: source };
    const result = transformSync(source, {
      format: 'cjs',
      loader: 'js',
      platform: 'node',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'inline',
      supported: { 'dynamic-import': false },
      define: {
        'import.meta.url': '__esmToCjsImportMetaUrl',
        'import.meta.resolve': '__esmToCjsImportMetaResolve',
        'import.meta.dirname': '__dirname',
        'import.meta.filename': '__filename',
      },
      banner:
        'var __esmToCjsImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' +
        'var __esmToCjsImportMetaResolve = (s) => require("node:url").pathToFileURL(require.resolve(s)).href;',
      logLevel: 'silent',
    });
    return { code: result.code };
  },
};
