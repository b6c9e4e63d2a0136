// Deadlines and reminders are computed in Asia/Shanghai; tests must not depend on the machine's zone.
process.env.TZ = 'Asia/Shanghai';

const moduleNameMapper = {
  '^@luoshi/(.*)$': '<rootDir>/libs/$1/src',
  // unpdf loads its PDF.js build with import('unpdf/pdfjs'), a subpath exported for `import` only,
  // which Jest's CommonJS resolver does not see; the file is compiled like other ESM (below).
  '^unpdf/pdfjs$': '<rootDir>/node_modules/unpdf/dist/pdfjs.mjs',
};
// Our TypeScript compiles to CommonJS, as in the build. ES-module-only packages in node_modules
// (NestJS 12 and friends) are compiled to CommonJS for Jest's loader: see esm-to-cjs.transform.js.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  'node_modules/.+\\.[mc]?js$': '<rootDir>/test/support/esm-to-cjs.transform.js',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform,
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};

// The seed reports, their gold parse and the follow-up fixture live in ../shared beside the project
// root (read-only; never copied in). Suites that need them are the `seeds` project (*.seeds-spec.ts):
// in a bare clone without ../shared it is left out with one line saying so, so that `npm test`
// passes anywhere; `.ci/run` sets LUOSHI_REQUIRE_SHARED=1, and then a missing folder fails the run.
const { existsSync } = require('node:fs');
const { resolve } = require('node:path');
const SHARED = resolve(__dirname, '../shared');
const haveShared = existsSync(resolve(SHARED, 'seeds')) && existsSync(resolve(SHARED, 'gold/seeds.json'));
if (!haveShared && process.env.LUOSHI_REQUIRE_SHARED === '1') {
  throw new Error(`${SHARED}/seeds and gold/seeds.json are required (LUOSHI_REQUIRE_SHARED=1) but absent`);
}
if (!haveShared)
  process.stderr.write(
    `[jest] ${SHARED} is absent: the 'seeds' project (gold parse, seed ingest, Ganzhou follow-up) is left out\n`,
  );
// Suites that boot the API, its database and workers in beforeAll get 30 s (see the file).
const booting = { ...common, setupFilesAfterEnv: ['<rootDir>/test/support/booting-timeout.js'] };
const seeds = {
  ...booting,
  displayName: 'seeds',
  testMatch: ['<rootDir>/libs/**/*.seeds-spec.ts', '<rootDir>/test/**/*.seeds-spec.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary.reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/lint/**/*.spec.ts'],
    },
    {
      ...booting,
      displayName: 'int',
      testMatch: ['<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/apps/**/*.int-spec.ts'],
    },
    { ...booting, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // Proof under faults, load and bad input (bounded in time, loopback only): README "Reliability".
    { ...common, displayName: 'reliability', testMatch: ['<rootDir>/test/reliability/**/*.rel-spec.ts'] },
    // The dashboard in Debian's Chromium driven by playwright-core (see test/support/browser.ts).
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
    // The seed reports and fixtures of ../shared (see above).
    ...(haveShared ? [seeds] : []),
  ],
};
