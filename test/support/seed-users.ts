import type { AppConfig } from '@luoshi/config';
import { BureauRepository, createDataSource, UserRepository, type UserRole } from '@luoshi/db';
import { hashPassword } from '@luoshi/platform';
import { type HttpClient } from './http-client';

export const PASSWORD = 'test-password-123';

export interface World {
  bureaus: { city: number; a: number; b: number };
  users: Record<'admin' | 'supervisor' | 'staffA' | 'staffA2' | 'staffB', { id: number; email: string }>;
}

/**
 * Two bureaus under different parents: A (杭州市西湖区司法局) under the city bureau C that the
 * supervisor belongs to, and B (成都市武侯区人民政府) elsewhere; staff in A and in B; an admin.
 */
export async function seedWorld(config: AppConfig): Promise<World> {
  const ds = createDataSource(config.database);
  await ds.initialize();
  try {
    const bureaus = new BureauRepository(ds);
    const users = new UserRepository(ds);
    const city = await bureaus.create({ name: '杭州市司法局', region: '浙江省杭州市', level: 'city' });
    const a = await bureaus.create({
      name: '杭州市西湖区司法局',
      region: '浙江省杭州市西湖区',
      level: 'district',
      parentId: city.id,
    });
    const b = await bureaus.create({ name: '成都市武侯区人民政府', region: '四川省成都市武侯区', level: 'district' });
    const passwordHash = await hashPassword(PASSWORD);
    const make = async (email: string, role: UserRole, bureauId: number | null) => {
      const u = await users.create({ email, displayName: email.split('@')[0], role, bureauId, passwordHash });
      return { id: u.id, email: u.email };
    };
    return {
      bureaus: { city: city.id, a: a.id, b: b.id },
      users: {
        admin: await make('admin@luoshi.test', 'admin', null),
        supervisor: await make('supervisor@hangzhou.test', 'supervisor', city.id),
        staffA: await make('staff@xihu.test', 'staff', a.id),
        staffA2: await make('staff2@xihu.test', 'staff', a.id),
        staffB: await make('staff@wuhou.test', 'staff', b.id),
      },
    };
  } finally {
    await ds.destroy();
  }
}

export async function login(http: HttpClient, email: string): Promise<HttpClient> {
  const res = await http.post('/api/auth/login', { email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${res.text}`);
  return http.as(res.body.accessToken);
}
