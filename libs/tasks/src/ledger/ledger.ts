/**
 * A 督办台账 (supervision ledger) read as tasks: the first sheet's header row found by its Chinese
 * column names (事项/工作任务, 牵头单位, 配合单位, 完成时限, 目标), then one task per row with the
 * problems that keep it out (no title, a date that is not one, an unknown lead unit, a formula).
 * Pure: the caller reads the workbook into plain cells and passes how lead units resolve.
 */

/** A cell the ledger does not take as a value: a formula, an error value, an embedded object. */
export interface OpaqueCell {
  opaque: 'formula' | 'error' | 'object';
}

export type LedgerCell = string | number | boolean | Date | null | undefined | OpaqueCell;

export const LEDGER_FIELDS = ['title', 'body', 'owner', 'coOwners', 'dueDate', 'target'] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

/** Header names for each field, as ledgers print them; the first is the one the template uses. */
export const LEDGER_HEADERS: Record<LedgerField, readonly string[]> = {
  title: ['事项', '工作任务', '督办事项', '任务名称', '工作事项', '重点任务', '任务'],
  body: ['具体内容', '工作内容', '任务内容', '具体措施', '内容'],
  owner: ['牵头单位', '责任单位', '牵头部门', '主办单位'],
  coOwners: ['配合单位', '协办单位', '配合部门', '参与单位'],
  dueDate: ['完成时限', '完成时间', '截止时间', '截止日期', '时限'],
  target: ['目标', '量化指标', '工作目标', '目标任务'],
};

export type LedgerProblemCode =
  'MISSING_TITLE' | 'TOO_LONG' | 'BAD_DATE' | 'MISSING_LEAD' | 'UNKNOWN_LEAD' | 'FORMULA' | 'UNSUPPORTED_CELL';

export interface LedgerProblem {
  field: LedgerField | null;
  code: LedgerProblemCode;
  message: string;
  messageZh: string;
}

export interface LedgerRow {
  /** The row's number in the sheet (1-based, as a spreadsheet program shows it). */
  row: number;
  title: string;
  body: string;
  owner: string;
  coOwners: string[];
  dueDate: string | null;
  target: string;
  problems: LedgerProblem[];
}

export enum LedgerErrorCode {
  NOT_XLSX = 'NOT_XLSX',
  LEGACY_XLS = 'LEGACY_XLS',
  TOO_LARGE = 'LEDGER_TOO_LARGE',
  NO_HEADER = 'NO_HEADER',
  EMPTY = 'EMPTY_LEDGER',
  TOO_MANY_ROWS = 'TOO_MANY_ROWS',
}

/** A ledger refused as a whole (the API maps each code to a status). */
export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
    this.name = 'LedgerError';
  }
}

/** How a lead unit resolves (unit-resolver's verdicts): only 'name' and 'relative' name one bureau. */
export type LeadVerdict = 'name' | 'relative' | 'collective' | 'unknown' | 'ambiguous';

export interface LedgerOptions {
  /** At most this many data rows (default 1000). */
  maxRows?: number;
  /** How a lead unit resolves; without it every non-empty lead unit is taken. */
  resolveLead?: (unit: string) => LeadVerdict;
  /** Rows the header may be searched in (default 10). */
  headerScan?: number;
}

const MAX = { title: 500, body: 20000, owner: 100, coOwner: 100, coOwners: 30, target: 500 };

const isOpaque = (c: LedgerCell): c is OpaqueCell => typeof c === 'object' && c !== null && !(c instanceof Date);

/** A cell as text: trimmed, full-width spaces and line breaks inside folded to one space. */
function text(c: LedgerCell): string {
  if (c === null || c === undefined || isOpaque(c)) return '';
  if (c instanceof Date) return isoOfDate(c) ?? '';
  return String(c)
    .replace(/[\s\u3000]+/gu, ' ')
    .trim();
}

/** Header cell → field, by exact name after removing spaces, asterisks and brackets (（必填）). */
function fieldOf(header: string): LedgerField | null {
  const name = header.replace(/[\s\u3000*＊]|[（(][^）)]*[）)]/gu, '');
  for (const field of LEDGER_FIELDS) if (LEDGER_HEADERS[field].includes(name)) return field;
  return null;
}

function isoOfDate(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  // Spreadsheet dates carry no zone: exceljs hands them over as midnight UTC.
  return d.toISOString().slice(0, 10);
}

function iso(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < 1990 || y > 2100) return null;
  return date.toISOString().slice(0, 10);
}

const lastDay = (y: number, m: number) =>
  m >= 1 && m <= 12 ? iso(y, m, new Date(Date.UTC(y, m, 0)).getUTCDate()) : null;

/** Words that say there is no single deadline: kept as no due date, not an error. */
const NO_DEADLINE = /^(长期|长期坚持|持续推进|持续|常态化|无|—|-|\/)$/u;

/**
 * A 完成时限 cell as a date: a spreadsheet date, 2026-06-30, 2026/6/30, 2026.6.30, 20260630,
 * 2026年6月30日, 2026年6月底(前), 2026年底, 2026年上半年; undefined when it is not one, null when
 * the cell is empty or says there is no single deadline (长期, 持续推进).
 */
export function ledgerDate(c: LedgerCell): string | null | undefined {
  if (c === null || c === undefined || c === '') return null;
  if (c instanceof Date) return isoOfDate(c) ?? undefined;
  if (isOpaque(c) || typeof c === 'boolean') return undefined;
  const s = String(c)
    .replace(/[\s\u3000]+/gu, '')
    .replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (!s || NO_DEADLINE.test(s)) return null;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s))) return iso(+m[1], +m[2], +m[3]) ?? undefined;
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) return iso(+m[1], +m[2], +m[3]) ?? undefined;
  if ((m = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:前|之前)?$/.exec(s))) return iso(+m[1], +m[2], +m[3]) ?? undefined;
  if ((m = /^(\d{4})年(\d{1,2})月(?:底|末|份)?(?:前|之前)?$/.exec(s))) return lastDay(+m[1], +m[2]) ?? undefined;
  if ((m = /^(\d{4})[-/.](\d{1,2})$/.exec(s))) return lastDay(+m[1], +m[2]) ?? undefined;
  if ((m = /^(\d{4})年(?:底|末|年底|年末)?(?:前|之前)?$/.exec(s))) return iso(+m[1], 12, 31) ?? undefined;
  if ((m = /^(\d{4})年上半年(?:前|内)?$/.exec(s))) return iso(+m[1], 6, 30) ?? undefined;
  if ((m = /^(\d{4})年(?:下半年|年内)$/.exec(s))) return iso(+m[1], 12, 31) ?? undefined;
  return undefined;
}

/** 配合单位 as a list: split on 、，,；;/ and line breaks, blanks and repeats removed. */
export function splitUnits(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[、，,；;/\n]+/u)
        .map((u) => u.trim())
        .filter(Boolean),
    ),
  ];
}

const HEADER_ZH: Record<LedgerField, string> = {
  title: '事项',
  body: '具体内容',
  owner: '牵头单位',
  coOwners: '配合单位',
  dueDate: '完成时限',
  target: '目标',
};

function problem(
  field: LedgerField | null,
  code: LedgerProblemCode,
  message: string,
  messageZh: string,
): LedgerProblem {
  return { field, code, message, messageZh };
}

/** Finds the header row in the first rows: the first row naming a title column. */
function findHeader(rows: readonly LedgerCell[][], scan: number): { at: number; columns: Map<number, LedgerField> } {
  for (let r = 0; r < Math.min(rows.length, scan); r++) {
    const columns = new Map<number, LedgerField>();
    rows[r]?.forEach((c, i) => {
      const field = fieldOf(text(c));
      if (field && ![...columns.values()].includes(field)) columns.set(i, field);
    });
    if ([...columns.values()].includes('title')) return { at: r, columns };
  }
  throw new LedgerError(
    LedgerErrorCode.NO_HEADER,
    'No header row naming the task column (事项 or 工作任务) in the first rows of the first sheet',
    '第一个工作表的前几行中找不到表头（需有“事项”或“工作任务”列）',
  );
}

/**
 * The rows of a ledger sheet (cells as plain values, row by row from the top) as tasks with their
 * problems. Empty rows are skipped; a sheet with no header, no data rows or too many is refused.
 */
export function parseLedger(rows: readonly LedgerCell[][], options: LedgerOptions = {}): LedgerRow[] {
  const maxRows = options.maxRows ?? 1000;
  const { at, columns } = findHeader(rows, options.headerScan ?? 10);
  const out: LedgerRow[] = [];
  for (let r = at + 1; r < rows.length; r++) {
    const cells = rows[r] ?? [];
    const raw = new Map<LedgerField, LedgerCell>();
    for (const [i, field] of columns) raw.set(field, cells[i]);
    const hasValue = [...columns.keys()].some(
      (i) => (cells[i] !== null && cells[i] !== undefined && text(cells[i]) !== '') || isOpaque(cells[i]),
    );
    if (!hasValue) continue;
    if (out.length >= maxRows)
      throw new LedgerError(
        LedgerErrorCode.TOO_MANY_ROWS,
        `The ledger has more than ${maxRows} rows; split it into several files`,
        `台账超过${maxRows}行，请拆分为多个文件导入`,
      );
    out.push(readRow(r + 1, raw, options));
  }
  if (out.length === 0)
    throw new LedgerError(LedgerErrorCode.EMPTY, 'The ledger has a header but no rows', '台账只有表头，没有事项');
  return out;
}

function readRow(row: number, raw: Map<LedgerField, LedgerCell>, options: LedgerOptions): LedgerRow {
  const problems: LedgerProblem[] = [];
  for (const [field, c] of raw) {
    if (!isOpaque(c)) continue;
    problems.push(
      c.opaque === 'formula'
        ? problem(
            field,
            'FORMULA',
            `${field}: a formula is not imported; paste its value`,
            `${HEADER_ZH[field]}为公式，请粘贴为数值后再导入`,
          )
        : problem(
            field,
            'UNSUPPORTED_CELL',
            `${field}: the cell holds no plain value`,
            `${HEADER_ZH[field]}不是普通文字或日期`,
          ),
    );
  }
  const title = text(raw.get('title'));
  const body = text(raw.get('body'));
  const owner = text(raw.get('owner'));
  const coOwners = splitUnits(text(raw.get('coOwners')));
  const target = text(raw.get('target'));
  const dueCell = raw.get('dueDate');
  const dueDate = isOpaque(dueCell) ? null : ledgerDate(dueCell);
  if (!title && !isOpaque(raw.get('title')))
    problems.push(problem('title', 'MISSING_TITLE', 'The task (事项) is empty', '事项为空'));
  const tooLong = (field: LedgerField, value: string, max: number) => {
    if (value.length > max)
      problems.push(
        problem(field, 'TOO_LONG', `${field} is longer than ${max} characters`, `${HEADER_ZH[field]}超过${max}字`),
      );
  };
  tooLong('title', title, MAX.title);
  tooLong('body', body, MAX.body);
  tooLong('owner', owner, MAX.owner);
  tooLong('target', target, MAX.target);
  if (coOwners.length > MAX.coOwners || coOwners.some((u) => u.length > MAX.coOwner))
    problems.push(
      problem('coOwners', 'TOO_LONG', 'Too many or too long co-units', `配合单位过多（至多${MAX.coOwners}个）或过长`),
    );
  if (dueDate === undefined)
    problems.push(
      problem(
        'dueDate',
        'BAD_DATE',
        `“${text(dueCell)}” is not a date (write 2026-06-30 or 2026年6月底)`,
        `完成时限“${text(dueCell)}”不是有效日期（请写作2026-06-30或2026年6月底）`,
      ),
    );
  if (!owner && !isOpaque(raw.get('owner')))
    problems.push(problem('owner', 'MISSING_LEAD', 'The lead unit (牵头单位) is empty', '牵头单位为空'));
  else if (owner && options.resolveLead) {
    const verdict = options.resolveLead(owner);
    if (verdict !== 'name' && verdict !== 'relative')
      problems.push(
        problem(
          'owner',
          'UNKNOWN_LEAD',
          `Lead unit “${owner}” is ${verdict === 'ambiguous' ? 'ambiguous' : verdict === 'collective' ? 'not one unit' : 'not a known bureau'}`,
          verdict === 'ambiguous'
            ? `牵头单位“${owner}”对应多个单位，请写全称`
            : verdict === 'collective'
              ? `牵头单位“${owner}”不是某一个单位，请写明牵头的单位`
              : `牵头单位“${owner}”不是已知单位`,
        ),
      );
  }
  return { row, title, body, owner, coOwners, dueDate: dueDate ?? null, target, problems };
}
