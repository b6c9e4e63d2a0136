import fc from 'fast-check';
import { bootApiWorld, type ApiWorld } from '../support/api-world';
import { rowCounts } from '../support/db-counts';
import { fileForm, sample } from '../support/fixtures';
import { createDataSource } from '@luoshi/db';
import type { HttpClient } from '../support/http-client';
import { login } from '../support/seed-users';

/**
 * Bad input against every endpoint: the operations and their body/query schemas come from the
 * OpenAPI document the controllers generate, so a new endpoint is fuzzed without a line here.
 * Each body field in turn gets a wrong type, a huge string, deep JSON, an SQL-injection or script
 * string; path ids get traversal and injection strings; whole bodies get random JSON; multipart
 * uploads get malformed parts and path-traversal file names. Always a 4xx (or an allowed 2xx for a
 * value that is in fact valid), never a 5xx; refused requests write nothing.
 */
jest.setTimeout(300_000);

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  $ref?: string;
  items?: Schema;
  enum?: unknown[];
}
interface Operation {
  method: string;
  path: string;
  body?: Schema;
  query: string[];
}

const HOSTILE_STRINGS = [
  "1' OR '1'='1",
  "'; DROP TABLE plan_item; --",
  '1; DELETE FROM report',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '\u0000',
  '\uFFFF\uD800',
  '${7*7}',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  'NaN',
  '-1',
  '1e309',
  '９９',
];
const deepJson = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};
const deepArray = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};
const BIG: Record<string, unknown> = {
  '<<HUGE_ASCII>>': 'x'.repeat(100_000),
  '<<HUGE_CJK>>': '字'.repeat(50_000),
  '<<DEEP_OBJECT>>': deepJson(2_000),
  '<<DEEP_ARRAY>>': deepArray(2_000),
  // A page nested 100,000 deep (~1 MB): htmlparser2 alone took seconds on it and held the event loop.
  '<<NESTED_HTML>>': `<html><body>${'<div>'.repeat(100_000)}2024年工作安排${'</div>'.repeat(100_000)}</body></html>`,
};
/** Longest any one hostile request may take before the suite calls it a hang. */
const REQUEST_LIMIT_MS = 10_000;
/** Routes that end the caller's session: fuzzing them would leave every later request a 401. */
const SESSION_ENDING = new Set(['POST /api/auth/logout']);
const expand = (value: unknown): unknown => (typeof value === 'string' && value in BIG ? BIG[value] : value);

/** Wrong or hostile values for one field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    [],
    {},
    [1, 2],
    { $gt: '' },
    { toString: 'x' },
  ),
  // Big values by name, expanded when sent, so a failure's counterexample stays printable.
  fc.constantFrom('<<HUGE_ASCII>>', '<<HUGE_CJK>>', '<<DEEP_OBJECT>>', '<<DEEP_ARRAY>>', '<<NESTED_HTML>>'),
  fc.string({ maxLength: 50 }),
  fc.integer(),
);
const hostileId = fc.constantFrom(
  '0',
  '-1',
  '1.5',
  'abc',
  '..%2F..%2Fetc%2Fpasswd',
  '1%20OR%201=1',
  '99999999999999999999',
  '%00',
  '1e3',
  '%3Cscript%3E',
);

function resolve(
  doc: { components: { schemas: Record<string, Schema> } },
  schema: Schema | undefined,
): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split('/').pop()!]);
  return schema;
}

describe('bad input against every endpoint', () => {
  let api: ApiWorld;
  let client: HttpClient;
  let operations: Operation[];
  let taskId: number;
  let sent = 0;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    api = await bootApiWorld('sqlite', {
      REDIS_URL: 'redis://127.0.0.1:1',
      LOGIN_RATE_LIMIT: '10000',
      LOGIN_ACCOUNT_RATE_LIMIT: '10000',
    });
    client = api.as.admin;
    await api.as.staffA.post('/api/reports', fileForm('xihu-2023.txt', sample('xihu-2023.txt')));
    taskId = (await api.as.staffA.get('/api/tasks?rootsOnly=true')).body.items[0].id;
    const doc = (await api.http.get('/docs/json')).body;
    operations = Object.entries(
      doc.paths as Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: Schema }> };
            parameters?: Array<{ in: string; name: string }>;
          }
        >
      >,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        body: resolve(doc, op.requestBody?.content['application/json']?.schema),
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      })),
    );
  });

  afterAll(async () => {
    process.stdout.write(
      `API fuzzing: ${sent} hostile requests over ${operations?.length} operations; statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
    await api?.close();
  });

  async function expectSafe(method: string, path: string, body?: unknown, as: HttpClient = client): Promise<number> {
    const before = await rowCounts(api.db.config);
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>(
      (_, reject) =>
        (timer = setTimeout(
          () => reject(new Error(`${method} ${path} took over ${REQUEST_LIMIT_MS} ms`)),
          REQUEST_LIMIT_MS,
        )),
    );
    const res = await Promise.race([
      as.request(method, path, method === 'GET' || method === 'DELETE' ? undefined : body),
      limit,
    ]).finally(() => clearTimeout(timer));
    sent++;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    expect({ method, path, status: res.status < 500 }).toEqual({ method, path, status: true });
    if (res.status >= 400) {
      expect({ method, path, rows: await rowCounts(api.db.config) }).toEqual({ method, path, rows: before });
      if (res.headers.get('content-type')?.includes('json'))
        expect(res.body).toMatchObject({ statusCode: res.status, messageZh: expect.any(String) });
    }
    return res.status;
  }

  const realPath = (path: string, id: string) =>
    path.replace(/\{[^}]+\}/g, (name) => (name === '{file}' ? `${id}.ics` : id));

  it.each(['staffA', 'admin'] as const)(
    'never answers a hostile field, id or query value from %s with a 5xx or a hang, and stores nothing it refused',
    async (who) => {
      expect(operations.length).toBeGreaterThan(40);
      const as = api.as[who];
      for (const op of operations.filter((o) => !SESSION_ENDING.has(`${o.method} ${o.path}`))) {
        const fields = Object.keys(op.body?.properties ?? {});
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...(fields.length ? fields : ['_'])),
            hostileValue,
            hostileId,
            fc.constantFrom(...(op.query.length ? op.query : ['q'])),
            fc.constantFrom(...HOSTILE_STRINGS),
            async (field, value, id, queryName, queryValue) => {
              const path = realPath(op.path, op.path.includes('{') && Math.random() < 0.5 ? id : String(taskId));
              const body = { ...(field === '_' ? {} : { [field]: expand(value) }) };
              await expectSafe(op.method, `${path}?${new URLSearchParams({ [queryName]: queryValue })}`, body, as);
            },
          ),
          { numRuns: 25, seed: 4242 },
        );
      }
      // A hostile `disabled: true` may have hit a real account (PATCH /api/users/{id} with a task's id):
      // enable everyone again and log staffA in anew for the tests after this one.
      const ds = createDataSource(api.db.config.database);
      await ds.initialize();
      await ds.query('UPDATE "user" SET "disabledAt" = NULL');
      await ds.destroy();
      api.as.staffA = await login(api.http, api.world.users.staffA.email);
      if (who === 'admin') client = api.as.admin = await login(api.http, api.world.users.admin.email);
    },
  );

  it('never answers random JSON bodies with a 5xx on any endpoint that takes one', async () => {
    for (const op of operations.filter((o) => o.body && !SESSION_ENDING.has(`${o.method} ${o.path}`))) {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => {
          await expectSafe(op.method, realPath(op.path, String(taskId)), body);
        }),
        { numRuns: 20, seed: 777 },
      );
    }
  });

  it('refuses malformed JSON and malformed multipart, and stores nothing', async () => {
    const raw = async (contentType: string, payload: string) => {
      const before = await rowCounts(api.db.config);
      const res = await fetch(`${client.baseUrl}/api/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${client.token}`, 'content-type': contentType },
        body: payload,
      });
      sent++;
      expect({ contentType, status: res.status >= 400 && res.status < 500 }).toEqual({ contentType, status: true });
      expect(await rowCounts(api.db.config)).toEqual(before);
    };
    await raw('application/json', '{"text": "未闭合');
    await raw('application/json', '[1,2,');
    await raw('application/json', `{"text": ${'['.repeat(100_000)}`);
    await raw(
      'multipart/form-data; boundary=xyz',
      '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n未结束',
    );
    await raw('multipart/form-data', '--nothing');
    await raw(
      'multipart/form-data; boundary=xyz',
      '--xyz\r\nContent-Disposition: form-data; name="evil"\r\n\r\nx\r\n--xyz--\r\n',
    );
    await raw('text/plain', '随便一段文字');
  });

  it('treats path-traversal and script file names as plain names (nothing written outside, nothing executed)', async () => {
    for (const name of [
      '../../../../tmp/luoshi-pwned.txt',
      '..\\..\\evil.txt',
      '<script>alert(1)</script>.txt',
      'a\u0000b.txt',
      '%2e%2e%2f.txt',
    ]) {
      const res = await api.as.staffA.request('POST', '/api/reports/preview', fileForm(name, sample('xihu-2024.txt')));
      sent++;
      expect([200, 400, 415, 422]).toContain(res.status);
    }
    const { existsSync } = await import('node:fs');
    expect(existsSync('/tmp/luoshi-pwned.txt')).toBe(false);
  });

  it('keeps SQL-injection and script strings as inert text when they are valid input', async () => {
    const before = await rowCounts(api.db.config);
    for (const text of HOSTILE_STRINGS.filter((s) => !s.includes('\u0000') && s.trim().length > 0)) {
      const res = await api.as.staffA.post(`/api/tasks/${taskId}/comments`, { body: text });
      sent++;
      expect(res.status).toBe(201);
      expect(res.body.body).toBe(text);
    }
    const after = await rowCounts(api.db.config);
    expect(after.plan_item).toBe(before.plan_item);
    expect(after.report).toBe(before.report);
    expect(after.comment).toBe(
      before.comment + HOSTILE_STRINGS.filter((s) => !s.includes('\u0000') && s.trim().length > 0).length,
    );
  });
});
