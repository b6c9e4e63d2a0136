import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_ROUTES } from './web.setup';

describe('dashboard routes served by the API', () => {
  it('serves index.html for every route the dashboard declares (a reload or a bookmark of any page works)', () => {
    const main = readFileSync(join(__dirname, '../../../web/src/main.tsx'), 'utf8');
    const declared = [...main.matchAll(/<Route\s+path="([^"]+)"/g)].map((m) => m[1]).filter((p) => p !== '*');
    expect(declared.length).toBeGreaterThan(5);
    expect([...WEB_ROUTES].filter((r) => r !== '/').sort()).toEqual([...declared].sort());
  });
});
