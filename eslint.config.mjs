// Lint: correctness rules plus the import boundaries of DESIGN.md ("Where code lives").
import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier/flat';

const NEST_DB_QUEUE = ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'better-sqlite3', 'pg', 'node:fs', 'fs'];
const noDeepLibImports = {
  group: ['@luoshi/*/*'],
  message: 'Import a lib through its index (@luoshi/<lib>), never deep into it.',
};
const noAppImports = { group: ['**/apps/**', 'apps/**'], message: 'Libs never import from apps.' };
/** `../../db/src/x` from another lib (or `../../../libs/db/src` from an app): reach a lib through @luoshi/<lib>. */
const noRelativeLibImports = {
  regex: '^(\\.\\./){2,}(libs/)?[a-z][a-z-]*/src(/|$)',
  message: 'Reach another lib through @luoshi/<lib>, never by a relative path into its src.',
};
/** The patterns every TypeScript file obeys; each group below adds its own (a later rule entry replaces an earlier one). */
const EVERYWHERE = [noDeepLibImports, noRelativeLibImports];
const restrict = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns: [...EVERYWHERE, ...patterns] }] },
});
const only = (allowed, why) => ({
  group: ['@luoshi/*', ...allowed.map((lib) => `!@luoshi/${lib}`)],
  message: `${why} It may import only ${allowed.length ? allowed.map((l) => '@luoshi/' + l).join(', ') : 'no other lib'} (DESIGN.md, "Where code lives").`,
});
const otherApp = (app) => ({
  group: [`**/apps/${app}/**`, `**/${app}/src/**`],
  message: `Apps never import another app (${app}); shared code lives in a lib.`,
});

/** Pure libs: no framework, database, queue or file-system imports; other libs only if pure and listed. */
const pureLib = (files, shares = ['text']) => ({
  ...restrict(
    files,
    [
      { group: NEST_DB_QUEUE, message: 'Pure libs import no Nest, database, queue or I/O code (DESIGN.md).' },
      {
        group: ['@luoshi/*', ...shares.map((lib) => `!@luoshi/${lib}`)],
        message: `Pure libs may only share code through ${shares.map((l) => '@luoshi/' + l).join(', ')}.`,
      },
      noAppImports,
    ],
    ['**/*.spec.ts', '**/*.seeds-spec.ts', '**/test/**'],
  ),
});

/**
 * The layers of the libs that do I/O: foundations (config, queues) import no lib; the infrastructure
 * (platform, db) imports foundations and pure rules; the use cases (report-ingestion, report-linking, reminders)
 * import those and the pure libs, never each other.
 */
const LAYERS = [
  restrict(
    ['libs/config/**/*.ts', 'libs/queues/**/*.ts'],
    [only([], 'A foundation lib (config, queues) is imported by others, never the reverse.'), noAppImports],
  ),
  restrict(
    ['libs/platform/**/*.ts'],
    [only(['config', 'queues', 'text'], 'platform is infrastructure.'), noAppImports],
  ),
  restrict(['libs/db/**/*.ts'], [only(['config', 'tasks', 'text'], 'db is infrastructure.'), noAppImports]),
  // Attachment files: their rules (pure) and their stores (disk, S3); no database, no other lib.
  restrict(['libs/attachments/**/*.ts'], [only([], 'attachments is infrastructure.'), noAppImports]),
  ...['report-ingestion', 'report-linking', 'reminders'].map((lib) =>
    restrict(
      [`libs/${lib}/**/*.ts`],
      [
        only(
          [
            'config',
            'queues',
            'platform',
            'db',
            'tasks',
            'text',
            'report-parser',
            'progress-linker',
            'reminder-policy',
            'chat-channels',
          ],
          `${lib} is a use case; use cases never import each other.`,
        ),
        noAppImports,
      ],
    ),
  ),
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'bench/.data/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      'test/lint/fixtures/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-restricted-imports': ['error', { patterns: EVERYWHERE }],
      'no-console': 'error',
    },
  },
  restrict(['libs/**/*.ts'], [noAppImports]),
  ...LAYERS,
  pureLib([
    'libs/report-parser/**/*.ts',
    'libs/progress-linker/**/*.ts',
    'libs/text/**/*.ts',
    'libs/tasks/**/*.ts',
    'libs/chat-channels/**/*.ts',
  ]),
  // The reminder policy builds on the task rules (open statuses, day arithmetic), also pure.
  pureLib(['libs/reminder-policy/**/*.ts'], ['text', 'tasks']),
  restrict(['apps/api/**/*.ts'], [otherApp('worker'), otherApp('cli')]),
  restrict(['apps/worker/**/*.ts'], [otherApp('api'), otherApp('cli')]),
  restrict(['apps/cli/**/*.ts'], [otherApp('api'), otherApp('worker')]),
  {
    // No import cycles in the apps and libs (the lint fixtures hold one, to prove the rule fires).
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'test/lint/fixtures/**/*.ts'],
    ignores: ['apps/web/**'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Only libs/db's repositories touch the database: no TypeORM repositories, query runners or
    // transactions anywhere else (a use case's transaction is UnitOfWork.run).
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/db/**', 'apps/web/**', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.seeds-spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(getRepository|createQueryRunner|transaction)$/]',
          message:
            'Only libs/db touches the database: add a repository method, and open transactions with UnitOfWork.run.',
        },
      ],
    },
  },
  {
    // Configuration is read in one place: libs/config validates and types it.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/config/**', 'apps/web/**', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.seeds-spec.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through @luoshi/config (AppConfig), never process.env.',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.seeds-spec.ts', 'test/**/*.ts'],
    plugins: { jest },
    rules: {
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/valid-expect': ['error', { alwaysAwait: true }],
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*'] }],
      'jest/no-standalone-expect': 'error',
    },
  },
  {
    files: ['bench/**/*.ts', 'test/**/*.ts', 'apps/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // e2e tests read JSON bodies of many shapes; typing each one would add noise, not safety.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Formatting is Prettier's (npm run format:check); no lint rule argues with it.
  prettier,
);
