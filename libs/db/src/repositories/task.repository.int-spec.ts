import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { OPEN_STATUSES, TASK_STATUSES, toTaskPage, type TaskCursor, type TaskStatus } from '@luoshi/tasks';
import { rng } from '../../../../bench/generate';
import { databaseTargets } from '../../../../test/support/test-env';
import { openMigratedDatabase, type MigratedDatabase } from '../../../../test/support/test-db';
import { PlanItem } from '../entities/plan-item.entity';
import { Report } from '../entities/report.entity';
import { BureauRepository } from './bureau.repository';
import { ParticipantRepository } from './participant.repository';
import { UserRepository } from './user.repository';
import { TaskListThread, TaskListThreadPool, type ListThreadData, type ThreadPage } from '../list-thread';
import { queryBound } from './bound-sql.util';
import { TaskRepository, type TaskFilter, type TaskListRow } from './task.repository';
import type { Page } from './task-list.sql';

const SUMMARY_KEYS = [
  'id',
  'reportId',
  'bureauId',
  'parentId',
  'planYear',
  'path',
  'title',
  'owner',
  'coOwners',
  'assigneeId',
  'status',
  'dueDate',
  'originalDueDate',
  'targets',
  'recurrence',
  'version',
  'createdAt',
  'updatedAt',
  'lastActivityAt',
] as const;
const OWNERS = ['区司法局', '区司法局、区法院', '100%_办', null];
const TITLES = ['推进行政复议规范化建设', '开展普法宣传100场', '完善50%_覆盖 的调解网络', '<b>健全</b>法律顾问制度'];
const TODAY = '2025-06-15';

/** What the list must return, computed in JavaScript from whole entities. */
function reference(all: PlanItem[], filter: TaskFilter): PlanItem[] {
  const contains = (text: string | null, needle: string) => text !== null && text.includes(needle);
  return all
    .filter(
      (t) =>
        (filter.bureauIds === null || filter.bureauIds.includes(t.bureauId)) &&
        (filter.includeSuperseded || t.supersededById === null) &&
        (filter.planYear === undefined || t.planYear === filter.planYear) &&
        (!filter.statuses?.length || filter.statuses.includes(t.status)) &&
        (!filter.owner || contains(t.owner, filter.owner)) &&
        (filter.assigneeId === undefined || t.assigneeId === filter.assigneeId) &&
        (!filter.dueBefore || (t.dueDate !== null && t.dueDate <= filter.dueBefore)) &&
        (!filter.dueAfter || (t.dueDate !== null && t.dueDate >= filter.dueAfter)) &&
        (filter.reportId === undefined || t.reportId === filter.reportId) &&
        (!filter.rootsOnly || t.parentId === null) &&
        (!filter.overdueAsOf ||
          (t.dueDate !== null &&
            t.dueDate < filter.overdueAsOf &&
            (OPEN_STATUSES as readonly string[]).includes(t.status))) &&
        (!filter.q || contains(t.title, filter.q) || contains(t.body, filter.q)),
    )
    .sort((a, b) =>
      a.dueDate === b.dueDate
        ? a.id - b.id
        : a.dueDate === null
          ? 1
          : b.dueDate === null
            ? -1
            : a.dueDate < b.dueDate
              ? -1
              : 1,
    );
}

const summary = (t: PlanItem | TaskListRow) =>
  Object.fromEntries(SUMMARY_KEYS.map((k) => [k, k === 'lastActivityAt' ? (t[k] ?? null) : t[k]]));

/** Three bureaus (a city and two districts), a report each and 25 varied tasks per report. */
async function seedTasks(ds: DataSource): Promise<{ all: PlanItem[]; bureauIds: number[]; reportIds: number[] }> {
  const bureaus = new BureauRepository(ds);
  const city = await bureaus.create({ name: '某市司法局' });
  const bureauIds = [city.id];
  for (const name of ['甲区司法局', '乙区司法局'])
    bureauIds.push((await bureaus.create({ name, parentId: city.id })).id);
  const reports = ds.getRepository(Report);
  const items = ds.getRepository(PlanItem);
  const r = rng(42); // the benchmarks' seeded generator: the same varied tasks every run
  const next = (n: number) => Math.floor(r() * n);
  const reportIds: number[] = [];
  for (const bureauId of bureauIds) {
    const report = await reports.save({
      bureauId,
      reportYear: 2024,
      planYear: 2025,
      title: null,
      publishDate: null,
      sourceUrl: null,
      contentHash: `h${bureauId}`,
      revision: 1,
      encoding: 'utf-8',
      rawText: 't',
      parserVersion: '1',
      sections: [],
      warnings: [],
    });
    reportIds.push(report.id);
    let parentId: number | null = null;
    for (let i = 0; i < 25; i++) {
      const saved: PlanItem = await items.save({
        reportId: report.id,
        bureauId,
        planYear: next(4) === 0 ? 2024 : 2025,
        path: String(i + 1),
        title: TITLES[next(TITLES.length)],
        body: next(3) === 0 ? '全年办结案件80%以上' : '正文',
        owner: OWNERS[next(OWNERS.length)],
        coOwners: next(2) ? ['区财政局', '各镇街'] : [],
        dueDate:
          next(5) === 0
            ? null
            : `2025-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')}`,
        deadlines: [],
        status: TASK_STATUSES[next(TASK_STATUSES.length)],
        targets: next(2) ? [{ text: '80%以上', metric: '办结率', op: '>=', value: 80, unit: '%' }] : [],
        recurrence: next(4) === 0 ? 'annual' : null,
        actions: [],
        verifiability: null,
        startOffset: 0,
        endOffset: 1,
        assigneeId: null,
        parentId: next(3) === 0 ? parentId : null,
        originalDueDate: next(6) === 0 ? '2025-03-31' : null,
        supersededById: next(8) === 0 ? report.id : null,
        lastActivityAt: next(2) ? new Date(Date.UTC(2025, 4, 1 + next(28), next(24), 7, 9, 123)) : undefined,
      } as Partial<PlanItem>);
      if (saved.parentId === null) parentId = saved.id;
    }
  }
  return { all: await items.find({ order: { id: 'ASC' } }), bureauIds, reportIds };
}

/** The bureau set and up to three other filters: more at once would mostly match nothing. */
function filterArbitrary(bureauIds: number[], reportIds: number[]): fc.Arbitrary<TaskFilter> {
  const optional: Record<string, fc.Arbitrary<unknown>> = {
    planYear: fc.constantFrom(2024, 2025),
    statuses: fc.subarray([...TASK_STATUSES] as TaskStatus[], { minLength: 1 }),
    owner: fc.constantFrom('区', '100%_', '法院', '%'),
    dueBefore: fc.constantFrom('2025-03-01', '2025-09-30'),
    dueAfter: fc.constantFrom('2025-02-01', '2025-06-30'),
    overdueAsOf: fc.constant(TODAY),
    q: fc.constantFrom('普法', '50%_', '80%', '<b>', '_'),
    reportId: fc.integer({ min: 0, max: 2 }).map((i) => reportIds[i]),
    rootsOnly: fc.boolean(),
    includeSuperseded: fc.boolean(),
  };
  return fc
    .tuple(
      fc.oneof(
        fc.constant(null),
        fc.subarray([0, 1, 2]).map((ix) => ix.map((i) => bureauIds[i])),
      ),
      fc.subarray(Object.keys(optional), { maxLength: 3 }),
    )
    .chain(([ids, keys]) =>
      fc
        .record(Object.fromEntries(keys.map((k) => [k, optional[k]])))
        .map((rest) => ({ bureauIds: ids, ...rest }) as TaskFilter),
    );
}

describe.each(databaseTargets())('TaskRepository list on %s', (target) => {
  let db: MigratedDatabase;
  let ds: DataSource;
  let repo: TaskRepository;
  let all: PlanItem[];
  let bureauIds: number[];
  let reportIds: number[];

  beforeAll(async () => {
    db = await openMigratedDatabase(target);
    ds = db.ds;
    ({ all, bureauIds, reportIds } = await seedTasks(ds));
    repo = new TaskRepository(ds);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('reads every summary column as the entity hydrates it (JSON, dates, timestamps)', async () => {
    expect(all.filter((t) => t.dueDate === null).length).toBeGreaterThan(5); // the data is varied enough to mean something
    expect(new Set(all.map((t) => t.status)).size).toBe(TASK_STATUSES.length);
    const { items, total } = await repo.list({ bureauIds: null, includeSuperseded: true }, { page: 1, pageSize: 500 });
    expect(total).toBe(all.length);
    const byId = new Map(all.map((t) => [t.id, t]));
    for (const row of items) expect(summary(row)).toEqual(summary(byId.get(row.id)!));
    expect(items.some((t) => t.lastActivityAt instanceof Date)).toBe(true);
  });

  it('pages and counts exactly like a reference filter, soonest due first and undated last, for random filters', async () => {
    const filters = filterArbitrary(bureauIds, reportIds);
    let matched = 0;
    let undatedShown = 0;
    await fc.assert(
      fc.asyncProperty(
        filters,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 20 }),
        async (filter, page, pageSize) => {
          const expected = reference(all, filter);
          const got = await repo.list(filter, { page, pageSize });
          expect(got.total).toBe(expected.length);
          expect(got.items.map((t) => t.id)).toEqual(
            expected.slice((page - 1) * pageSize, page * pageSize).map((t) => t.id),
          );
          expect((await repo.listAll(filter, 1000)).map((t) => t.id)).toEqual(expected.map((t) => t.id));
          if (got.items.length > 0) matched++;
          if (got.items.some((t) => t.dueDate === null)) undatedShown++;
        },
      ),
      { numRuns: 150, seed: 7 },
    );
    // The property only means something if pages were not mostly empty.
    expect(matched).toBeGreaterThan(50);
    expect(undatedShown).toBeGreaterThan(5);
  });

  it('pages by keyset cursor exactly like the reference after any task, dated or not, for random filters', async () => {
    let continued = 0;
    await fc.assert(
      fc.asyncProperty(
        filterArbitrary(bureauIds, reportIds),
        fc.constantFrom(...all),
        fc.integer({ min: 1, max: 20 }),
        async (filter, from, pageSize) => {
          const expected = reference(all, filter);
          // The rows after `from`'s place in the reference order, whether or not `from` itself matches.
          const place = (t: PlanItem) => [t.dueDate === null ? 1 : 0, t.dueDate ?? '', t.id] as const;
          const [undated, due, id] = place(from);
          const later = expected.filter((t) => {
            const [u, d, i] = place(t);
            return u !== undated ? u > undated : d !== due ? d > due : i > id;
          });
          const got = await repo.list(filter, { page: 1, pageSize, after: { dueDate: from.dueDate, id: from.id } });
          expect(got.total).toBe(expected.length);
          expect(got.items.map((t) => t.id)).toEqual(later.slice(0, pageSize).map((t) => t.id));
          if (got.items.length > 0) continued++;
        },
      ),
      { numRuns: 150, seed: 9 },
    );
    expect(continued).toBeGreaterThan(50);
  });

  it('sees nothing with an empty bureau set, and caps an export', async () => {
    expect(await repo.list({ bureauIds: [] }, { page: 1, pageSize: 50 })).toEqual({ items: [], total: 0 });
    expect(await repo.listAll({ bureauIds: null, includeSuperseded: true }, 5)).toHaveLength(5);
  });

  it('reads participations where the page is read, and the identity with it, paging exactly as with their ids read first', async () => {
    // Every third task of the first district taken part in by the second, every fifth of the city by the first district.
    const taking = [
      ...all.filter((t) => t.bureauId === bureauIds[1] && t.id % 3 === 0).map((t) => [t.id, bureauIds[2]]),
      ...all.filter((t) => t.bureauId === bureauIds[0] && t.id % 5 === 0).map((t) => [t.id, bureauIds[1]]),
    ];
    for (const [taskId, bureauId] of taking)
      await queryBound(
        ds.manager,
        `INSERT INTO "task_participant" ("taskId", "bureauId", "unit", "role") VALUES (?, ?, '某单位', 'co')`,
        [taskId, bureauId],
      );
    const user = await new UserRepository(ds).create({
      email: 'fold@example.gov.cn',
      displayName: '折叠',
      role: 'staff',
      bureauId: bureauIds[1],
      passwordHash: 'x',
    });
    const now = new Date('2025-06-15T04:00:00Z');
    const bodyOf = (items: TaskListRow[], total: number, page: Page) =>
      JSON.parse(JSON.stringify(toTaskPage(items, total, page, now))) as unknown;
    // PostgreSQL: one statement (listFolded); SQLite: the API's list thread, one read transaction.
    const { database } = db.db.config;
    const thread =
      database.type === 'better-sqlite3'
        ? new TaskListThread({ path: database.path, busyTimeoutMs: 1000, statementCacheSize: 50 })
        : null;
    const folded = async (filter: TaskFilter, page: Page) => {
      if (thread) {
        const read = await thread.read(filter, page, now, user.id);
        return { body: JSON.parse(read.body.toString('utf8')) as unknown, identity: read.identity };
      }
      const read = await repo.listFolded(filter, page, user.id);
      return { body: bodyOf(read.items, read.total, page), identity: read.identity };
    };
    const participants = new ParticipantRepository(ds);
    let matched = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          filterArbitrary(bureauIds, reportIds),
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 1, max: 20 }),
          async (filter, pageNumber, pageSize) => {
            const page = { page: pageNumber, pageSize };
            const ids = filter.bureauIds === null ? undefined : await participants.taskIdsFor(filter.bureauIds);
            const expected = await repo.list({ ...filter, participantTaskIds: ids }, page);
            const inline = { ...filter, participationsInline: filter.bureauIds !== null };
            // In place (exports, LIST_THREADS=0) and in one read with the identity.
            expect(await repo.list(inline, page)).toEqual(expected);
            const got = await folded(inline, page);
            expect(got.body).toEqual(bodyOf(expected.items, expected.total, page));
            expect(got.identity).toEqual({
              id: user.id,
              email: 'fold@example.gov.cn',
              displayName: '折叠',
              role: 'staff',
              bureauId: bureauIds[1],
              tokenVersion: 0,
              mustChangePassword: false,
              disabled: false,
              treeVersion: expect.any(Number),
            });
            if (ids?.length && expected.items.some((t) => ids.includes(t.id))) matched++;
          },
        ),
        { numRuns: 100, seed: 11 },
      );
      // Participations must have shown on pages for the property to mean something.
      expect(matched).toBeGreaterThan(5);
      // No such user: the page still comes, with no identity.
      const gone = thread
        ? await thread.read({ bureauIds: null }, { page: 99, pageSize: 50 }, now, 999_999)
        : await repo.listFolded({ bureauIds: null }, { page: 99, pageSize: 50 }, 999_999);
      expect(gone.identity).toBeNull();
    } finally {
      await thread?.close();
      await ds.query('DELETE FROM "task_participant"');
      await queryBound(ds.manager, 'DELETE FROM "user" WHERE "id" = ?', [user.id]);
    }
  });
});

describe("TaskListThread (the API's list on a SQLite file)", () => {
  const NOW = new Date('2025-06-15T04:00:00Z');
  let db: MigratedDatabase;
  let repo: TaskRepository;
  let thread: TaskListThread;
  let seeded: Awaited<ReturnType<typeof seedTasks>>;

  /** A thread on the test's database file. */
  function openThread(): TaskListThread {
    const { database } = db.db.config;
    if (database.type !== 'better-sqlite3') throw new Error('a SQLite database was asked for');
    return new TaskListThread({ path: database.path, busyTimeoutMs: 1000, statementCacheSize: 50 });
  }

  /** The body the API writes when it reads in place: the repository's page, mapped and stringified. */
  async function inPlace(filter: TaskFilter, page: number, pageSize: number, after?: TaskCursor): Promise<string> {
    const { items, total } = await repo.list(filter, { page, pageSize, after });
    return JSON.stringify(toTaskPage(items, total, { page, pageSize, after }, NOW));
  }

  beforeAll(async () => {
    db = await openMigratedDatabase('sqlite');
    seeded = await seedTasks(db.ds);
    repo = new TaskRepository(db.ds);
    thread = openThread();
    await thread.start();
  });

  afterAll(async () => {
    await thread?.close();
    await db?.close();
  });

  it('writes byte for byte the body the API writes when it reads in place, for random filters and pages', async () => {
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(
        filterArbitrary(seeded.bureauIds, seeded.reportIds),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 20 }),
        // Half the pages by keyset cursor, after a random task's place (dated or not).
        fc.option(fc.constantFrom(...seeded.all), { freq: 2 }),
        async (filter, page, pageSize, afterTask) => {
          const after = afterTask ? { dueDate: afterTask.dueDate, id: afterTask.id } : undefined;
          const body = (await thread.pageJson(filter, { page, pageSize, after }, NOW)).toString('utf8');
          expect(body).toBe(await inPlace(filter, page, pageSize, after));
          if (JSON.parse(body).items.length > 0) nonEmpty++;
        },
      ),
      { numRuns: 150, seed: 11 },
    );
    expect(nonEmpty).toBeGreaterThan(50);
  });

  it('answers many requests at once, each with its own page', async () => {
    const filters = seeded.bureauIds.flatMap((id) =>
      TASK_STATUSES.map((status) => ({ bureauIds: [id], statuses: [status], includeSuperseded: true }) as TaskFilter),
    );
    const bodies = await Promise.all(filters.map((filter) => thread.pageJson(filter, { page: 1, pageSize: 10 }, NOW)));
    for (const [i, filter] of filters.entries()) expect(bodies[i].toString('utf8')).toBe(await inPlace(filter, 1, 10));
  });

  it('sees a write committed just before it reads', async () => {
    const task = seeded.all[0];
    await db.ds.getRepository(PlanItem).update({ id: task.id }, { title: '刚刚改过的标题' });
    const body = JSON.parse(
      (
        await thread.pageJson({ bureauIds: [task.bureauId], includeSuperseded: true }, { page: 1, pageSize: 100 }, NOW)
      ).toString('utf8'),
    );
    expect(body.items.find((t: { id: number }) => t.id === task.id).title).toBe('刚刚改过的标题');
  });

  it('lets requests in flight finish when closed, then refuses new ones', async () => {
    const own = openThread();
    await own.start();
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      own.pageJson({ bureauIds: null, includeSuperseded: true }, { page: 1 + (i % 3), pageSize: 20 }, NOW),
    );
    await own.close();
    const bodies = await Promise.all(inFlight);
    expect(bodies.map((b) => JSON.parse(b.toString('utf8')).total)).toEqual(Array(20).fill(seeded.all.length));
    await expect(own.pageJson({ bureauIds: null }, { page: 1, pageSize: 1 }, NOW)).rejects.toThrow(
      'The task list thread is closed',
    );
  });

  it('starts the thread again after it dies, failing only the requests it held', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luoshi-thread-'));
    const script = join(dir, 'dies.js');
    // Ready at once, then dies on its first request, like a thread that hit a fatal error.
    writeFileSync(
      script,
      "const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ ready: true }); parentPort.on('message', () => process.exit(3));",
    );
    const deaths: string[] = [];
    const dying = new (class extends TaskListThread {
      protected override script(): string {
        return script;
      }
    })({ path: '', busyTimeoutMs: 1000, statementCacheSize: 50 }, (err) => deaths.push(err.message));
    try {
      await expect(dying.pageJson({ bureauIds: null }, { page: 1, pageSize: 1 }, NOW)).rejects.toThrow(
        'The task list thread stopped (exit code 3)',
      );
      // A dead thread would never answer: this one is a new thread, which dies the same way.
      await expect(dying.pageJson({ bureauIds: null }, { page: 1, pageSize: 1 }, NOW)).rejects.toThrow(
        'The task list thread stopped (exit code 3)',
      );
      expect(deaths).toEqual([
        'The task list thread stopped (exit code 3)',
        'The task list thread stopped (exit code 3)',
      ]);
    } finally {
      await dying.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails at start, with SQLite's reason, when the database file is not there", async () => {
    const missing = new TaskListThread({
      path: '/nonexistent/luoshi.sqlite',
      busyTimeoutMs: 1000,
      statementCacheSize: 50,
    });
    await expect(missing.start()).rejects.toThrow(/unable to open database file|directory does not exist/);
    await missing.close();
  });
});

describe('TaskListThreadPool (several list threads behind one pageJson)', () => {
  const NOW = new Date('2025-06-15T04:00:00Z');
  let db: MigratedDatabase;
  let repo: TaskRepository;
  let seeded: Awaited<ReturnType<typeof seedTasks>>;
  let data: ListThreadData;

  /**
   * A pool whose threads count the pages each was given; the first thread runs `firstScript`
   * instead of the real one when it is set.
   */
  function countingPool(size: number, firstScript?: string): { pool: TaskListThreadPool; given: number[] } {
    const given: number[] = [];
    const pool = new (class extends TaskListThreadPool {
      protected override createThread(threadData: ListThreadData, onExit: (err: Error) => void): TaskListThread {
        const index = given.push(0) - 1;
        return new (class extends TaskListThread {
          override read(filter: TaskFilter, page: Page, now?: Date, identityOf?: number): Promise<ThreadPage> {
            given[index]++;
            return super.read(filter, page, now, identityOf);
          }

          protected override script(): string {
            return index === 0 && firstScript ? firstScript : super.script();
          }
        })(threadData, onExit);
      }
    })(data, size);
    return { pool, given };
  }

  beforeAll(async () => {
    db = await openMigratedDatabase('sqlite');
    seeded = await seedTasks(db.ds);
    repo = new TaskRepository(db.ds);
    const { database } = db.db.config;
    if (database.type !== 'better-sqlite3') throw new Error('a SQLite database was asked for');
    data = { path: database.path, busyTimeoutMs: 1000, statementCacheSize: 50 };
  });

  afterAll(async () => {
    await db?.close();
  });

  it('answers pages in parallel on every thread, each body the one the API writes in place', async () => {
    const { pool, given } = countingPool(3);
    await pool.start();
    try {
      const filters = seeded.bureauIds.flatMap((id) =>
        TASK_STATUSES.map((status) => ({ bureauIds: [id], statuses: [status], includeSuperseded: true }) as TaskFilter),
      );
      const bodies = await Promise.all(
        filters.map((filter, i) => pool.pageJson(filter, { page: 1 + (i % 2), pageSize: 5 }, NOW)),
      );
      for (const [i, filter] of filters.entries()) {
        const { items, total } = await repo.list(filter, { page: 1 + (i % 2), pageSize: 5 });
        expect(bodies[i].toString('utf8')).toBe(
          JSON.stringify(toTaskPage(items, total, { page: 1 + (i % 2), pageSize: 5 }, NOW)),
        );
      }
      // Handed out at once, the pages went round the threads evenly.
      expect(given.reduce((a, b) => a + b, 0)).toBe(filters.length);
      expect(Math.max(...given) - Math.min(...given)).toBeLessThanOrEqual(1);
    } finally {
      await pool.close();
    }
  });

  it('takes turns while the threads are idle', async () => {
    const { pool, given } = countingPool(2);
    await pool.start();
    try {
      for (let i = 0; i < 6; i++) await pool.pageJson({ bureauIds: null }, { page: 1, pageSize: 5 }, NOW);
      expect(given).toEqual([3, 3]);
    } finally {
      await pool.close();
    }
  });

  it('passes over a thread still busy with a page for an idle one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luoshi-pool-'));
    const slowScript = join(dir, 'slow.js');
    // A thread that takes 400 ms over every page (and then says it failed).
    writeFileSync(
      slowScript,
      "const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ ready: true }); parentPort.on('message', (ask) => setTimeout(() => parentPort.postMessage({ id: ask.id, error: { message: 'slow' } }), 400));",
    );
    const { pool, given } = countingPool(2, slowScript);
    await pool.start();
    try {
      const slow = pool.pageJson({ bureauIds: null }, { page: 1, pageSize: 5 }, NOW);
      for (let i = 0; i < 5; i++) await pool.pageJson({ bureauIds: null }, { page: 1, pageSize: 5 }, NOW);
      expect(given).toEqual([1, 5]);
      await expect(slow).rejects.toThrow('slow');
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets the pages in flight finish when closed, then refuses new ones', async () => {
    const pool = new TaskListThreadPool(data, 2);
    await pool.start();
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      pool.pageJson({ bureauIds: null, includeSuperseded: true }, { page: 1 + (i % 3), pageSize: 20 }, NOW),
    );
    await pool.close();
    expect((await Promise.all(inFlight)).map((b) => JSON.parse(b.toString('utf8')).total)).toEqual(
      Array(20).fill(seeded.all.length),
    );
    await expect(pool.pageJson({ bureauIds: null }, { page: 1, pageSize: 1 }, NOW)).rejects.toThrow(
      'The task list thread is closed',
    );
  });

  it('fails at start when the database is not there, leaving no thread running', async () => {
    const pool = new TaskListThreadPool({ ...data, path: '/nonexistent/luoshi.sqlite' }, 2);
    await expect(pool.start()).rejects.toThrow(/unable to open database file|directory does not exist/);
    await expect(pool.pageJson({ bureauIds: null }, { page: 1, pageSize: 1 }, NOW)).rejects.toThrow(
      'The task list thread is closed',
    );
  });

  it('refuses a pool of no threads', () => {
    expect(() => new TaskListThreadPool(data, 0)).toThrow(RangeError);
    expect(() => new TaskListThreadPool(data, 1.5)).toThrow(RangeError);
  });
});
