import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

type Problem = { rule: string | null; message: string };

/**
 * The lint rules that hold DESIGN.md's boundaries, each shown to fire on a violating file (and to
 * stay quiet on the allowed form beside it). Snippets are linted as text at the path they would
 * have (lint-text.mjs, in a process of its own); nothing is written.
 */
function lint(cases: Array<{ path: string; code: string }>): Problem[][] {
  const out = execFileSync(process.execPath, [resolve(__dirname, 'lint-text.mjs')], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  return JSON.parse(out) as Problem[][];
}

const VIOLATIONS: Array<[what: string, path: string, code: string, rule: string, says: string]> = [
  [
    'a deep import into a lib, from a pure lib',
    'libs/report-parser/src/lint-fixture.ts',
    "import { splitClauses } from '@luoshi/text/clauses.util';",
    'no-restricted-imports',
    'through its index',
  ],
  [
    'a deep import into a lib, from an app',
    'apps/api/src/lint-fixture.ts',
    "import { Task } from '@luoshi/db/entities';",
    'no-restricted-imports',
    'through its index',
  ],
  [
    'a relative import into another lib',
    'libs/report-linking/src/lint-fixture.ts',
    "import { Report } from '../../db/src/entities/report.entity';",
    'no-restricted-imports',
    'relative path',
  ],
  [
    'a relative import into a lib from an app',
    'apps/api/src/tasks/lint-fixture.ts',
    "import { Report } from '../../../../libs/db/src/entities/report.entity';",
    'no-restricted-imports',
    'relative path',
  ],
  [
    'the API imported by the worker',
    'apps/worker/src/lint-fixture.ts',
    "import { AppModule } from '../../api/src/app.module';",
    'no-restricted-imports',
    'another app',
  ],
  [
    'the worker imported by the CLI',
    'apps/cli/src/lint-fixture.ts',
    "import { WorkerModule } from '../../worker/src/worker.module';",
    'no-restricted-imports',
    'another app',
  ],
  [
    'process.env outside libs/config',
    'apps/api/src/lint-fixture.ts',
    'export const secret = process.env.JWT_SECRET;',
    'no-restricted-properties',
    '@luoshi/config',
  ],
  [
    'process.env in a lib',
    'libs/reminders/src/lint-fixture.ts',
    'export const hours = process.env.REMINDER_HOURS;',
    'no-restricted-properties',
    '@luoshi/config',
  ],
  [
    'Nest in a pure lib',
    'libs/tasks/src/lint-fixture.ts',
    "import { Injectable } from '@nestjs/common';",
    'no-restricted-imports',
    'Pure libs',
  ],
  [
    'a pure lib importing an I/O lib',
    'libs/progress-linker/src/lint-fixture.ts',
    "import { Report } from '@luoshi/db';",
    'no-restricted-imports',
    'Pure libs',
  ],
  [
    'infrastructure importing a use case',
    'libs/db/src/lint-fixture.ts',
    "import { IngestionService } from '@luoshi/report-ingestion';",
    'no-restricted-imports',
    'db is infrastructure',
  ],
  [
    'a use case importing another',
    'libs/reminders/src/lint-fixture.ts',
    "import { ReportLinkingService } from '@luoshi/report-linking';",
    'no-restricted-imports',
    'never import each other',
  ],
  [
    'a foundation importing anything',
    'libs/config/src/lint-fixture.ts',
    "import { Report } from '@luoshi/db';",
    'no-restricted-imports',
    'foundation',
  ],
  [
    'the pure reminder policy reaching for the database',
    'libs/reminder-policy/src/lint-fixture.ts',
    "import { ReminderRepository } from '@luoshi/db';",
    'no-restricted-imports',
    'Pure libs',
  ],
  [
    'a TypeORM repository used outside libs/db',
    'apps/api/src/lint-fixture.ts',
    "import type { DataSource } from 'typeorm';\nexport const users = (ds: DataSource) => ds.getRepository('user').find();",
    'no-restricted-syntax',
    'Only libs/db',
  ],
  [
    'a transaction opened by a service',
    'libs/report-linking/src/lint-fixture.ts',
    "import type { DataSource } from 'typeorm';\nexport const write = (ds: DataSource) => ds.transaction(async () => undefined);",
    'no-restricted-syntax',
    'UnitOfWork.run',
  ],
  [
    'an import cycle',
    'test/lint/fixtures/cycle-a.ts',
    readFileSync(resolve(__dirname, 'fixtures/cycle-a.ts'), 'utf8'),
    'import-x/no-cycle',
    'cycle',
  ],
  [
    'a lib importing an app',
    'libs/report-ingestion/src/lint-fixture.ts',
    "import { ApiError } from '../../../apps/api/src/common/api-error';",
    'no-restricted-imports',
    'never import from apps',
  ],
];

const ALLOWED: Array<[what: string, path: string, code: string]> = [
  [
    'a use case importing infrastructure and pure libs',
    'libs/report-linking/src/lint-fixture.ts',
    "import { Report } from '@luoshi/db';\nimport { linkProgress } from '@luoshi/progress-linker';",
  ],
  [
    'an app importing libs through their index',
    'apps/worker/src/lint-fixture.ts',
    "import { Report } from '@luoshi/db';\nimport { REMINDERS_QUEUE } from '@luoshi/queues';",
  ],
  [
    'a relative import inside one lib',
    'libs/db/src/repositories/lint-fixture.ts',
    "import { Report } from '../entities/report.entity';",
  ],
  [
    "a lib's own tests importing its src",
    'libs/progress-linker/test/lint-fixture.ts',
    "import { linkProgress } from '../src/progress-linker';",
  ],
  [
    'the pure reminder policy using the pure task rules',
    'libs/reminder-policy/src/lint-fixture.ts',
    "import { isOpen } from '@luoshi/tasks';",
  ],
  ['process.env in libs/config', 'libs/config/src/lint-fixture.ts', 'export const env = process.env;'],
  ['process.env in tests', 'test/support/lint-fixture.ts', 'export const url = process.env.TEST_DATABASE_URL;'],
];

describe('import boundaries (eslint.config.mjs)', () => {
  let found: Problem[][];

  beforeAll(() => {
    found = lint([...VIOLATIONS, ...ALLOWED].map(([, path, code]) => ({ path, code })));
  }, 120_000);

  it.each(VIOLATIONS.map((v, i) => [...v, i] as const))('fails on %s', (_what, _path, _code, rule, says, i) => {
    expect(found[i]).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule, message: expect.stringContaining(says) })]),
    );
  });

  it.each(ALLOWED.map((a, i) => [...a, VIOLATIONS.length + i] as const))('allows %s', (_what, _path, _code, i) => {
    expect(found[i]).toEqual([]);
  });
});
