import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const SEEDS_DIR = resolve(ROOT, '../shared/seeds');
export const GOLD_FILE = resolve(ROOT, '../shared/gold/seeds.json');
export const SAMPLES_DIR = join(ROOT, 'samples');
export const PARSER_FIXTURES = join(ROOT, 'libs/report-parser/test/fixtures');

/** The seed reports (../shared/seeds); a clear failure when the folder is absent. */
export function seedFiles(): Array<{ file: string; bytes: Buffer }> {
  if (!existsSync(SEEDS_DIR))
    throw new Error(`The seed reports are missing at ${SEEDS_DIR} (the shared/ folder beside the project root)`);
  return readdirSync(SEEDS_DIR)
    .sort()
    .map((file) => ({ file, bytes: readFileSync(join(SEEDS_DIR, file)) }));
}

export function gold(): {
  reports: Array<{ file: string; bureau: string; planYear: number; items: Array<{ title: string }> }>;
} {
  return JSON.parse(readFileSync(GOLD_FILE, 'utf8'));
}

export function sample(name: string): Buffer {
  return readFileSync(join(SAMPLES_DIR, name));
}

export function parserFixture(path: string): Buffer {
  return readFileSync(join(PARSER_FIXTURES, path));
}

export function fileForm(name: string, bytes: Buffer, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return form;
}

/**
 * A short report by `bureau` (invented places, our own words) on `reportYear`, with a three-item plan
 * for the year after. The default year is one no sample covers, so it is never a revision of one.
 */
export function inventedReport(bureau: string, reportYear = 2020): string {
  const plan = reportYear + 1;
  return [
    `${bureau}${reportYear}年度法治政府建设工作报告`,
    `发布日期：${plan}年3月3日`,
    `${reportYear}年，${bureau}围绕本级党委政府部署，认真落实法治政府建设各项任务。现将有关情况报告如下：`,
    `一、${reportYear}年度主要工作和成效`,
    '（一）行政执法监督有力推进。全年抽查行政执法案卷180卷，发现并督促整改问题23个。',
    '（二）公共法律服务体系更加完善。建成村级法律服务点96个，全年提供法律咨询4100人次。',
    '二、存在的不足',
    '一是基层法治力量依然薄弱；二是部分乡镇行政执法规范化程度不高。',
    `三、${plan}年工作安排`,
    '（一）深化行政执法协调监督。9月底前完成行政执法案卷集中评查，评查案卷不少于200卷。',
    '（二）提升公共法律服务水平。年底前实现村级法律服务点全覆盖，每季度开展一次法律服务进村活动。',
    '（三）加强法治宣传教育。开展“法润乡村”系列活动，全年举办法治讲座不少于30场。',
  ].join('\n');
}
