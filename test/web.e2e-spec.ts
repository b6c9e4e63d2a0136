import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootApiWorld, type ApiWorld } from './support/api-world';

/** The API serves the built dashboard beside itself without taking over /api or /docs. */
describe('dashboard assets served by the API', () => {
  let api: ApiWorld;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'luoshi-webroot-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>落实</title><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log("luoshi")');
    api = await bootApiWorld('sqlite', { WEB_ROOT: root });
  });
  afterAll(() => api.close());

  it.each(['/', '/login', '/tasks', '/tasks/42', '/upload', '/audit', '/calendar'])(
    'answers %s with the app shell',
    async (path) => {
      const res = await api.http.get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.text).toContain('<div id="root">');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    },
  );

  it('serves hashed assets with a long cache life', async () => {
    const res = await api.http.get('/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.text).toContain('luoshi');
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  it('keeps unknown API routes and unknown files as JSON 404s, never the app shell', async () => {
    for (const path of ['/api/nope', '/assets/missing.js', '/etc/passwd', '/assets/../../package.json']) {
      const res = await api.http.get(path);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, messageZh: expect.any(String) });
    }
  });

  it('still answers the API and its docs', async () => {
    expect((await api.http.get('/api/health')).status).toBe(200);
    expect((await api.http.get('/docs/json')).status).toBe(200);
  });
});
