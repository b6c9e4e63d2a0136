import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { workerHeartbeatKey } from '@luoshi/platform';

/**
 * The several-machine deployment (`docker compose --profile scale`) as a topology: Docker has no
 * daemon where the tests run, so the file is read as YAML and its services, health checks,
 * start order and proxy configuration are checked against each other and against the code.
 */
const ROOT = join(__dirname, '../..');

interface Service {
  image?: string;
  build?: unknown;
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  volumes?: string[];
  ports?: string[];
  restart?: string;
}

// Compose files use YAML merge keys (`<<: *app`); js-yaml's default schema leaves them out.
const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), {
  schema: CORE_SCHEMA.withTags(mergeTag),
}) as { services: Record<string, Service> };
const services = compose.services;
const haproxy = readFileSync(join(ROOT, 'deploy/haproxy.cfg'), 'utf8');
const API_MAIN = 'dist/apps/api/apps/api/src/main.js';
const WORKER_MAIN = 'dist/apps/worker/apps/worker/src/main.js';

/** Every service `name` needs started first, itself included. */
function closure(name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dep of Object.keys(services[name]?.depends_on ?? {})) closure(dep, seen);
  return seen;
}

const runs = (main: string) => Object.keys(services).filter((n) => services[n].command?.includes(main));

describe('docker-compose.yml, profile scale', () => {
  const started = closure('scale-proxy');

  it('starts PostgreSQL, Redis, two API and two worker replicas, and the proxy, from the proxy alone', () => {
    expect([...started].sort()).toEqual(
      ['mailpit', 'postgres', 'redis', 'scale-api', 'scale-migrate', 'scale-proxy', 'scale-worker'].sort(),
    );
    const api = runs(API_MAIN).filter((n) => started.has(n));
    const worker = runs(WORKER_MAIN).filter((n) => started.has(n));
    expect(api.map((n) => services[n].deploy?.replicas)).toEqual([2]);
    expect(worker.map((n) => services[n].deploy?.replicas)).toEqual([2]);
    // The single-machine services (SQLite) stay out of it.
    expect(started.has('api') || started.has('worker') || started.has('migrate')).toBe(false);
  });

  it('runs every luoshi process of the profile on PostgreSQL, restarted when it dies', () => {
    for (const name of ['scale-migrate', 'scale-api', 'scale-worker']) {
      expect({ name, profiles: services[name].profiles }).toEqual({ name, profiles: ['scale'] });
      expect(services[name].environment?.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
      expect(services[name].restart).toBe(name === 'scale-migrate' ? 'no' : 'unless-stopped');
    }
    expect(services.postgres.profiles).toContain('scale');
    // Replicas share one attachments folder (a volume), not each its own.
    expect(services['scale-api'].environment?.ATTACHMENTS_DIR).toBe('/data/attachments');
    expect(services['scale-api'].volumes).toContain('luoshi-data:/data');
  });

  it('migrates once before any API or worker starts', () => {
    expect(services['scale-migrate'].command).toEqual(['node', 'bin/luoshi.js', 'migrate']);
    for (const name of ['scale-api', 'scale-worker'])
      expect(services[name].depends_on?.['scale-migrate']).toEqual({ condition: 'service_completed_successfully' });
  });

  it('waits on health, and every service waited on has a health check', () => {
    expect(services['scale-proxy'].depends_on).toEqual({
      'scale-api': { condition: 'service_healthy' },
      'scale-worker': { condition: 'service_healthy' },
    });
    for (const name of started) {
      for (const [dep, { condition }] of Object.entries(services[name].depends_on ?? {})) {
        if (condition === 'service_healthy')
          expect({ dep, healthcheck: !!services[dep].healthcheck }).toEqual({ dep, healthcheck: true });
      }
    }
    expect(services['scale-api'].healthcheck?.test.join(' ')).toContain('http://127.0.0.1:3000/api/health');
    expect(services['scale-worker'].healthcheck?.test).toEqual(['CMD', 'node', 'scripts/worker-health.js']);
    expect(existsSync(join(ROOT, 'scripts/worker-health.js'))).toBe(true);
  });

  it('checks a worker by the heartbeat key the worker writes', () => {
    const script = readFileSync(join(ROOT, 'scripts/worker-health.js'), 'utf8');
    // The script matches <prefix>:workers:<hostname>:* — the worker's key for any pid on this host.
    expect(workerHeartbeatKey('P', 'H:1')).toBe('P:workers:H:1');
    expect(script).toContain('`${prefix}:workers:${hostname()}:*`');
  });

  it('puts the APIs behind a proxy they trust for the client address', () => {
    const api = services['scale-api'];
    expect(api.environment?.TRUST_PROXY).toBe('1');
    expect(api.ports).toBeUndefined();
    expect(haproxy).toMatch(/http-request set-header X-Forwarded-For %\[src\]/);
    const proxy = services['scale-proxy'];
    expect(proxy.volumes).toContain('./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    // The proxy listens where its published port points, and forwards to the port the APIs listen on.
    const [, target] = proxy.ports![0].split(':');
    expect(haproxy).toMatch(new RegExp(`^\\s*bind :${target}$`, 'm'));
    expect(haproxy).toMatch(new RegExp(`server-template api- \\d+ scale-api:${api.environment?.PORT} check`));
  });

  it('health-checks the APIs in the proxy and retries only what is safe on another one', () => {
    expect(haproxy).toMatch(/http-check send meth GET uri \/api\/health/);
    expect(haproxy).toMatch(/^\s*option redispatch/m);
    expect(haproxy).toMatch(/^\s*retry-on conn-failure empty-response$/m);
    expect(haproxy).toMatch(/http-request disable-l7-retry unless idempotent \|\| is_post report_upload/);
    expect(haproxy).toMatch(/acl idempotent method GET HEAD OPTIONS PUT DELETE TRACE/);
  });
});
