// Lint: correctness rules plus the import boundaries of DESIGN.md ("Where code lives").
import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';

const NEST_DB_QUEUE = ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'better-sqlite3', 'pg', 'node:fs', 'fs'];
const noDeepLibImports = { group: ['@luoshi/*/*'], message: 'Import a lib through its index (@luoshi/<lib>), never deep into it.' };
const noAppImports = { group: ['**/apps/**', 'apps/**'], message: 'Libs never import from apps.' };

/** Pure libs: no framework, database, queue or file-system imports. */
const pureLib = (files) => ({
  files,
  ignores: ['**/*.spec.ts', '**/*.seeds-spec.ts', '**/test/**'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: NEST_DB_QUEUE, message: 'Pure libs import no Nest, database, queue or I/O code (DESIGN.md).' },
          { group: ['@luoshi/*', '!@luoshi/text'], message: 'Pure libs may only share code through @luoshi/text.' },
          noAppImports,
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/.data/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-imports': ['error', { patterns: [noDeepLibImports] }],
      'no-console': 'error',
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noDeepLibImports, noAppImports] }] },
  },
  pureLib(['libs/report-parser/**/*.ts', 'libs/progress-linker/**/*.ts', 'libs/text/**/*.ts', 'libs/tasks/**/*.ts']),
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
);
