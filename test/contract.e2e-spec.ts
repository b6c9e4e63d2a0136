import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { HttpClient, HttpResult } from './support/http-client';
import { OpenApiContract, type OpenApiDocument } from './support/openapi-contract';
import { bootRouteWorld, POLICY, routeTable, type RouteWorld, type Who } from './support/route-catalogue';
import { login } from './support/seed-users';

/**
 * The OpenAPI document is the contract the dashboard's types are generated from (npm run api:types →
 * apps/web/src/api/openapi.gen.ts). Every route is called for real — as a caller allowed to reach it,
 * anonymously, with an id that does not exist or is not a number, and with a field no DTO has — and
 * every answer must be declared: its status, its media type, and for JSON its body, strictly (no
 * property the DTO does not document, none it requires missing).
 */
const ROOT = resolve(__dirname, '..');
const COMMITTED = join(ROOT, 'apps/web/src/api/openapi.json');
const GENERATED = join(ROOT, 'apps/web/src/api/openapi.gen.ts');
/** Who makes each route's main call: the first of these the route allows. */
const CALLERS: Array<Exclude<Who, 'anonymous' | 'supervisorB'>> = ['staffA', 'admin', 'supervisor'];

describe('OpenAPI contract: every route answers as /docs/json says', () => {
  let world: RouteWorld;
  let document: OpenApiDocument;
  let contract: OpenApiContract;
  let calls = 0;

  beforeAll(async () => {
    world = await bootRouteWorld();
    document = (await world.api.http.get('/docs/json')).body as OpenApiDocument;
    contract = new OpenApiContract(document);
  }, 120_000);

  afterAll(async () => {
    process.stdout.write(`OpenAPI contract: ${calls} responses checked\n`);
    await world?.api.close();
  });

  it('serves the document committed beside the dashboard (else run `npm run api:types`)', () => {
    const committed = JSON.parse(readFileSync(COMMITTED, 'utf8')) as OpenApiDocument;
    expect(document).toEqual(committed);
  });

  it('has the dashboard types generated from that document (else run `npm run api:types`)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luoshi-api-types-'));
    try {
      const out = join(dir, 'openapi.gen.ts');
      execFileSync(
        join(ROOT, 'node_modules/.bin/openapi-typescript'),
        [COMMITTED, ...['--output', out, '--root-types', '--alphabetize']],
        { stdio: 'pipe' },
      );
      const formatted = execFileSync(join(ROOT, 'node_modules/.bin/prettier'), ['--stdin-filepath', GENERATED], {
        input: readFileSync(out),
      }).toString('utf8');
      expect(formatted === readFileSync(GENERATED, 'utf8')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('documents exactly the routes the application registers', () => {
    expect(contract.routes()).toEqual(routeTable(world.api));
  });

  async function call(route: string, client: HttpClient, path: string, body: unknown): Promise<HttpResult> {
    const method = route.split(' ')[0];
    calls++;
    return client.request(method, path, method === 'GET' || method === 'DELETE' ? undefined : (body ?? {}));
  }

  const problemsOf = (route: string, res: HttpResult): string[] =>
    contract.check(route, res.status, res.headers.get('content-type'), res.body, res.text).problems;

  it.each(Object.keys(POLICY))('%s', async (route) => {
    const rule = POLICY[route];
    const { ctx, clients, api } = world;
    const who = CALLERS.find((w) => rule.expect[w] === 'ok');
    if (!who) throw new Error(`${route}: no caller in ${CALLERS.join(', ')} may reach it`);
    const body = rule.body ? await rule.body(ctx) : undefined;
    const path = rule.path(ctx);

    const main = await call(route, clients[who], path, body);
    const problems = problemsOf(route, main);
    expect({ route, who, status: main.status < 500 }).toEqual({ route, who, status: true });
    if (rule.endsSessions) clients[who] = await login(api.http, api.world.users[who].email);

    if (rule.expect.anonymous === 401)
      problems.push(...problemsOf(route, await call(route, clients.anonymous, path, body)));
    // A numeric id that does not exist, and one that is not a number.
    const idParam = /^\/api\/(?:[a-z-]+\/)+(\d+)(?=\/|$|\?)/.exec(path);
    if (idParam) {
      for (const id of ['999999999', 'abc']) {
        const probe = path.replace(`/${idParam[1]}`, `/${id}`);
        const res = await call(route, clients[who], probe, body);
        expect({ route, id, status: res.status >= 400 && res.status < 500 }).toEqual({ route, id, status: true });
        problems.push(...problemsOf(route, res));
      }
    }
    // A property no DTO has: refused with a documented 400.
    if (body && typeof body === 'object' && !(body instanceof FormData) && !rule.endsSessions) {
      const res = await call(route, clients[who], path, { ...body, notAField: 1 });
      expect({ route, status: res.status }).toEqual({ route, status: 400 });
      problems.push(...problemsOf(route, res));
    }
    expect(problems).toEqual([]);
  });
});
