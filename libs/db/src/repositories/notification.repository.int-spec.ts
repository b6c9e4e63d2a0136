import type { DataSource } from 'typeorm';
import { databaseTargets } from '../../../../test/support/test-env';
import { openMigratedDatabase, type MigratedDatabase } from '../../../../test/support/test-db';
import { Notification } from '../entities/notification.entity';
import { User } from '../entities/user.entity';
import { BureauRepository } from './bureau.repository';
import { NotificationRepository, type NewNotification } from './notification.repository';
import { UnitOfWork } from './unit-of-work';
import { UserRepository } from './user.repository';

describe.each(databaseTargets())(`${NotificationRepository.name} on %s`, (target) => {
  let db: MigratedDatabase;
  let ds: DataSource;
  let repo: NotificationRepository;
  let ids: Record<'alice' | 'bob', number>;

  const note = (userId: number, dedupeKey: string, extra: Partial<NewNotification> = {}): NewNotification => ({
    userId,
    kind: 'approval_waiting',
    taskId: null,
    title: '待审核：申请销号',
    body: `张三就「${dedupeKey}」申请销号，请审核。`,
    link: '/tasks/1',
    dedupeKey,
    ...extra,
  });

  beforeAll(async () => {
    db = await openMigratedDatabase(target);
    ds = db.ds;
    repo = new NotificationRepository(ds);
    const make = (email: string) =>
      ds.manager.save(User, { email, displayName: email, role: 'staff', bureauId: null, passwordHash: 'x' });
    ids = { alice: (await make('alice@n')).id, bob: (await make('bob@n')).id };
  });

  afterAll(async () => {
    await db?.close();
  });

  describe('createIfAbsent', () => {
    it('stores the same dedupe key for one person once, however often and however concurrently it is written', async () => {
      await repo.createIfAbsent([note(ids.alice, 'transition:1')]);
      await repo.createIfAbsent([note(ids.alice, 'transition:1', { title: '又一次' })]);
      await Promise.all([
        repo.createIfAbsent([note(ids.alice, 'transition:1')]),
        new UnitOfWork(ds).run((tx) => tx.notifications.createIfAbsent([note(ids.alice, 'transition:1')])),
      ]);
      const stored = await repo.allFor(ids.alice);
      expect(stored.map((n) => [n.dedupeKey, n.title])).toEqual([['transition:1', '待审核：申请销号']]);
      expect(stored[0].createdAt).toBeInstanceOf(Date);
      expect(stored[0].readAt ?? null).toBeNull();
    });

    it('stores the same event for two people, and new keys beside old ones in one batch', async () => {
      await repo.createIfAbsent([
        note(ids.alice, 'transition:1'),
        note(ids.alice, 'transition:2'),
        note(ids.bob, 'transition:1'),
      ]);
      expect((await repo.allFor(ids.alice)).map((n) => n.dedupeKey)).toEqual(['transition:1', 'transition:2']);
      expect((await repo.allFor(ids.bob)).map((n) => n.dedupeKey)).toEqual(['transition:1']);
    });

    it('writes nothing when the transaction around it rolls back', async () => {
      await expect(
        new UnitOfWork(ds).run(async (tx) => {
          await tx.notifications.createIfAbsent([note(ids.bob, 'rolled-back')]);
          throw new Error('the event failed');
        }),
      ).rejects.toThrow('the event failed');
      expect(await ds.manager.countBy(Notification, { dedupeKey: 'rolled-back' })).toBe(0);
    });
  });

  describe('listFor, unreadCount, markRead, markAllRead', () => {
    it('pages a person’s own notifications newest first, and only unread ones when asked', async () => {
      await repo.createIfAbsent([3, 4, 5].map((i) => note(ids.alice, `transition:${i}`)));
      const first = await repo.listFor(ids.alice, { page: 1, pageSize: 2 });
      expect(first.total).toBe(5);
      expect(first.items.map((n) => n.dedupeKey)).toEqual(['transition:5', 'transition:4']);
      const last = await repo.listFor(ids.alice, { page: 3, pageSize: 2 });
      expect(last.items.map((n) => n.dedupeKey)).toEqual(['transition:1']);
      expect(last.items.every((n) => n.userId === ids.alice)).toBe(true);
      await expect(repo.unreadCount(ids.alice)).resolves.toBe(5);
      await expect(repo.unreadCount(ids.bob)).resolves.toBe(1);
    });

    it('marks one read for its owner only, keeping the first reading time', async () => {
      const [newest] = (await repo.listFor(ids.alice, { page: 1, pageSize: 1 })).items;
      await expect(repo.markRead(ids.bob, newest.id)).resolves.toBeNull();
      await expect(repo.unreadCount(ids.alice)).resolves.toBe(5);
      const read = await repo.markRead(ids.alice, newest.id);
      expect(read?.readAt).toBeInstanceOf(Date);
      const again = await repo.markRead(ids.alice, newest.id);
      expect(again?.readAt?.getTime()).toBe(read?.readAt?.getTime());
      await expect(repo.markRead(ids.alice, 999_999)).resolves.toBeNull();
      await expect(repo.unreadCount(ids.alice)).resolves.toBe(4);
      const unread = await repo.listFor(ids.alice, { unreadOnly: true, page: 1, pageSize: 10 });
      expect(unread.total).toBe(4);
      expect(unread.items.map((n) => n.id)).not.toContain(newest.id);
    });

    it('marks all of one person’s notifications read and nobody else’s', async () => {
      await expect(repo.markAllRead(ids.alice)).resolves.toBe(4);
      await expect(repo.unreadCount(ids.alice)).resolves.toBe(0);
      await expect(repo.unreadCount(ids.bob)).resolves.toBe(1);
      await expect(repo.markAllRead(ids.alice)).resolves.toBe(0);
    });
  });
});

describe.each(databaseTargets())(`${UserRepository.name}.approversOf on %s`, (target) => {
  let db: MigratedDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await openMigratedDatabase(target);
    ds = db.ds;
  });

  afterAll(async () => {
    await db?.close();
  });

  it('asks the supervisors at and above the bureau (not disabled, not beside it), and admins only when there are none', async () => {
    const bureaus = new BureauRepository(ds);
    const province = await bureaus.create({ name: '某省司法厅' });
    const city = await bureaus.create({ name: '某市司法局', parentId: province.id });
    const district = await bureaus.create({ name: '某区司法局', parentId: city.id });
    const sibling = await bureaus.create({ name: '另一区司法局', parentId: city.id });
    const alone = await bureaus.create({ name: '无上级司法局' });
    const make = (email: string, role: User['role'], bureauId: number | null, extra: Partial<User> = {}) =>
      ds.manager.save(User, { email, displayName: email, role, bureauId, passwordHash: 'x', ...extra });
    const provincial = await make('p@a', 'supervisor', province.id);
    const local = await make('c@a', 'supervisor', city.id);
    await make('gone@a', 'supervisor', city.id, { disabledAt: new Date() });
    await make('beside@a', 'supervisor', sibling.id);
    await make('staff@a', 'staff', district.id);
    const admin = await make('admin@a', 'admin', null);
    await expect(new UserRepository(ds).approversOf(district.id)).resolves.toEqual([provincial.id, local.id]);
    await expect(new UserRepository(ds).approversOf(alone.id)).resolves.toEqual([admin.id]);
  });
});
