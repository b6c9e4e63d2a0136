import { MAX_ID } from '../common/parse-id.pipe';
import type {} from '@fastify/multipart';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type ExcelJSModule from 'exceljs';
import { BureauRepository } from '@luoshi/db';
import { readTargets } from '@luoshi/report-parser';
import {
  LEDGER_HEADERS,
  LedgerError,
  LedgerErrorCode,
  parseLedger,
  resolveUnits,
  sniffXlsx,
  type LedgerCell,
  type LedgerRow,
} from '@luoshi/tasks';
import type { Actor } from '../auth/actor.types';
import { ApiError } from '../common/api-error';
import { loadExcel } from '../common/exceljs.lazy';
import { cleanUnits, planYearOf, TaskCreateService } from './task-create.service';
import type { LedgerImportDto, LedgerPreviewDto } from './task-import.dto';

/** A ledger file is small: 2 MB holds thousands of rows. */
export const LEDGER_MAX_BYTES = 2 * 1024 * 1024;
/** Rows one import may hold. */
export const LEDGER_MAX_ROWS = 1000;
/** Columns read per row (a ledger has a handful; a sheet may claim 16384). */
const MAX_COLUMNS = 40;
const MULTIPART_COUNT_LIMITS = new Set(['FST_FILES_LIMIT', 'FST_FIELDS_LIMIT', 'FST_PARTS_LIMIT']);

interface LedgerUpload {
  bytes: Buffer;
  bureauId?: number;
  onlyValid: boolean;
}

const bad = (message: string, messageZh: string) => new ApiError(400, 'VALIDATION', message, messageZh);

/** One cell as the ledger reads it: plain values kept, formulas and objects flagged, rich text joined. */
function plainCell(value: ExcelJSModule.CellValue): LedgerCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date)
    return value;
  const v = value as unknown as Record<string, unknown>;
  if ('formula' in v || 'sharedFormula' in v) return { opaque: 'formula' };
  if ('error' in v) return { opaque: 'error' };
  if (Array.isArray(v.richText))
    return (v.richText as Array<{ text?: unknown }>).map((r) => String(r.text ?? '')).join('');
  if ('hyperlink' in v) return plainCell(v.text as ExcelJSModule.CellValue);
  return { opaque: 'object' };
}

/**
 * Importing a 督办台账 (XLSX): the file is checked to be a workbook before it is opened (sniffXlsx),
 * its first sheet read into plain cells, and the rows parsed with their problems (libs/tasks
 * parseLedger); lead units must name a known bureau. Committing stores the rows as tasks in one
 * transaction (TaskCreateService.store): all of them, or only the valid ones when asked.
 */
@Injectable()
export class TaskImportService {
  constructor(
    private readonly creation: TaskCreateService,
    private readonly bureaus: BureauRepository,
  ) {}

  /** The multipart upload: one `file`, optional `bureauId` and `onlyValid`. */
  async readUpload(request: FastifyRequest): Promise<LedgerUpload> {
    if (!request.isMultipart())
      throw new ApiError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Upload the ledger as multipart/form-data with a "file"',
        '请以表单文件（file字段）上传台账',
      );
    const fields: Record<string, string> = {};
    let bytes: Buffer | null = null;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || bytes !== null)
            throw bad('Upload exactly one file, in the field "file"', '请在“file”字段上传一个文件');
          bytes = await part.toBuffer();
        } else if (part.fieldname === 'bureauId' || part.fieldname === 'onlyValid') {
          fields[part.fieldname] = String(part.value);
        } else {
          throw bad(`Unknown form field "${part.fieldname}"`, `未知的表单字段“${part.fieldname}”`);
        }
      }
    } catch (err) {
      if (MULTIPART_COUNT_LIMITS.has((err as { code?: string }).code ?? ''))
        throw bad('Upload exactly one file, in the field "file"', '请在“file”字段上传一个文件');
      if (
        err instanceof ApiError ||
        (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' ||
        (err as { statusCode?: number }).statusCode === 413
      )
        throw err;
      throw new ApiError(
        400,
        'MALFORMED_UPLOAD',
        `The multipart upload could not be read: ${(err as Error).message}`,
        '上传的表单数据不完整或格式错误，请重新上传',
      );
    }
    if (bytes === null) throw bad('No file uploaded (field "file")', '未上传文件（字段“file”）');
    if (bytes.length > LEDGER_MAX_BYTES)
      throw new ApiError(
        413,
        'PAYLOAD_TOO_LARGE',
        `The ledger is ${bytes.length} bytes; at most ${LEDGER_MAX_BYTES} are accepted`,
        `台账文件超过${LEDGER_MAX_BYTES / 1024 / 1024}MB上限`,
      );
    let bureauId: number | undefined;
    if (fields.bureauId !== undefined) {
      if (!/^[1-9]\d{0,9}$/.test(fields.bureauId) || Number(fields.bureauId) > MAX_ID)
        throw bad('bureauId must be a positive integer', 'bureauId须为正整数');
      bureauId = Number(fields.bureauId);
    }
    const flag = fields.onlyValid;
    if (flag !== undefined && !['true', 'false', '1', '0'].includes(flag))
      throw bad('onlyValid must be true or false', 'onlyValid须为true或false');
    return { bytes, bureauId, onlyValid: flag === 'true' || flag === '1' };
  }

  /** The bureau the ledger's tasks go under: the one named, else the caller's own; checked writable. */
  private async bureauFor(actor: Actor, asked?: number): Promise<number> {
    const bureauId = asked ?? actor.bureauId;
    if (bureauId === null || bureauId === undefined)
      throw new ApiError(
        422,
        'BUREAU_REQUIRED',
        'Choose the bureau to import into (bureauId)',
        '请选择导入到的单位（bureauId）',
      );
    await this.creation.assertCanFileUnder(actor, bureauId);
    return bureauId;
  }

  /** The first sheet's rows as plain cells, or a coded refusal (not a workbook, too large, no sheet). */
  private async sheetRows(bytes: Buffer): Promise<LedgerCell[][]> {
    sniffXlsx(bytes, { maxUnpackedBytes: 20 * 1024 * 1024 });
    const ExcelJS = await loadExcel();
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(bytes as never);
    } catch {
      throw new LedgerError(
        LedgerErrorCode.NOT_XLSX,
        'The workbook is damaged and cannot be read',
        '工作簿已损坏，无法读取',
      );
    }
    const sheet = book.worksheets[0];
    if (!sheet) throw new LedgerError(LedgerErrorCode.EMPTY, 'The workbook has no sheet', '工作簿中没有工作表');
    const rows: LedgerCell[][] = [];
    // Enough rows to find the header and to notice one row too many; never the whole of a padded sheet.
    const last = Math.min(sheet.rowCount, LEDGER_MAX_ROWS * 2 + 20);
    const columns = Math.min(sheet.columnCount, MAX_COLUMNS);
    for (let r = 1; r <= last; r++) {
      const row = sheet.getRow(r);
      const cells: LedgerCell[] = [];
      for (let c = 1; c <= columns; c++) cells.push(plainCell(row.getCell(c).value));
      rows.push(cells);
    }
    return rows;
  }

  private async parse(actor: Actor, upload: LedgerUpload): Promise<{ bureauId: number; rows: LedgerRow[] }> {
    const bureauId = await this.bureauFor(actor, upload.bureauId);
    const sheet = await this.sheetRows(upload.bytes);
    const directory = (await this.bureaus.all()).map((b) => ({
      id: b.id,
      name: b.name,
      region: b.region,
      aliases: b.aliases ?? [],
    }));
    const lead = directory.find((b) => b.id === bureauId) ?? null;
    const rows = parseLedger(sheet, {
      maxRows: LEDGER_MAX_ROWS,
      resolveLead: (unit) => resolveUnits([unit], lead, directory)[0].how,
    });
    return { bureauId, rows };
  }

  async preview(actor: Actor, upload: LedgerUpload): Promise<LedgerPreviewDto> {
    const { bureauId, rows } = await this.parse(actor, upload);
    const invalid = rows.filter((r) => r.problems.length > 0).length;
    return { bureauId, rows, valid: rows.length - invalid, invalid };
  }

  /** All rows as tasks in one transaction, or (onlyValid) the rows without problems; otherwise 422 with the rows. */
  async commit(actor: Actor, upload: LedgerUpload): Promise<LedgerImportDto> {
    const { bureauId, rows } = await this.parse(actor, upload);
    const good = rows.filter((r) => r.problems.length === 0);
    if (good.length < rows.length && !upload.onlyValid)
      throw new ApiError(
        422,
        'LEDGER_ROWS_INVALID',
        `${rows.length - good.length} rows have problems; fix them, or import only the valid rows (onlyValid)`,
        `有${rows.length - good.length}行存在问题，请修改后重新导入，或选择只导入无误的行`,
        { rows: rows.filter((r) => r.problems.length > 0) },
      );
    if (good.length === 0)
      throw new ApiError(422, 'LEDGER_ROWS_INVALID', 'No row can be imported', '没有可导入的行', { rows });
    const saved = await this.creation.store(
      actor,
      good.map((r) => {
        const body = r.body || r.title;
        return {
          bureauId,
          planYear: planYearOf(r.dueDate),
          title: r.title,
          // The target as written stays in the text; the figures read from it become targets.
          body: r.target && !body.includes(r.target) ? `${body}\n目标：${r.target}` : body,
          owner: r.owner,
          coOwners: cleanUnits(r.coOwners),
          dueDate: r.dueDate,
          targets: r.target ? readTargets(r.target) : [],
          recurrence: null,
          sourceKind: 'import' as const,
          assigneeId: null,
        };
      }),
    );
    return { bureauId, created: saved.length, skipped: rows.length - good.length, taskIds: saved.map((t) => t.id) };
  }

  /** An empty ledger with the headers the import reads and one example row. */
  async template(): Promise<Buffer> {
    const ExcelJS = await loadExcel();
    const book = new ExcelJS.Workbook();
    book.creator = 'luoshi';
    const sheet = book.addWorksheet('督办台账');
    sheet.columns = [
      { header: '序号', key: 'n', width: 6 },
      { header: LEDGER_HEADERS.title[0], key: 'title', width: 40 },
      { header: LEDGER_HEADERS.body[0], key: 'body', width: 40 },
      { header: LEDGER_HEADERS.owner[0], key: 'owner', width: 18 },
      { header: LEDGER_HEADERS.coOwners[0], key: 'coOwners', width: 24 },
      { header: LEDGER_HEADERS.dueDate[0], key: 'dueDate', width: 14 },
      { header: LEDGER_HEADERS.target[0], key: 'target', width: 30 },
    ];
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    sheet.addRow({
      n: 1,
      title: '（示例）规范涉企行政执法检查',
      body: '开展涉企收费专项检查，建立问题清单并督促整改',
      owner: '区司法局',
      coOwners: '区财政局、区市场监管局',
      dueDate: '2026-09-30',
      target: '检查企业不少于80家',
    });
    return Buffer.from(await book.xlsx.writeBuffer());
  }
}
