// Deadlines and reminders are computed in Asia/Shanghai; tests must not depend on the machine's zone.
process.env.TZ = 'Asia/Shanghai';

const moduleNameMapper = {
  '^@luoshi/(.*)$': '<rootDir>/libs/$1/src',
};
// Our TypeScript compiles to CommonJS, as in the build. ES-module-only packages in node_modules
// (NestJS 12 and friends) are compiled to CommonJS for Jest's loader: see esm-to-cjs.transform.js.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  'node_modules/.+\\.m?js$': '<rootDir>/test/support/esm-to-cjs.transform.js',
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleNameMapper,
  transform,
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary.reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/apps/**/*.int-spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // Proof under faults, load and bad input (bounded in time, loopback only): README "Reliability".
    { ...common, displayName: 'reliability', testMatch: ['<rootDir>/test/reliability/**/*.rel-spec.ts'] },
    // The dashboard in Debian's Chromium driven by playwright-core (see test/support/browser.ts).
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
