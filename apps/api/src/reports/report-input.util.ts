import type {} from '@fastify/multipart';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { htmlByFileName } from '@luoshi/report-parser';
import { ApiError } from '../common/api-error';
import { ReportUploadDto } from './report.dto';

export interface ReportInput {
  content: Uint8Array | string;
  /** Declared HTML (the `html` field, an .html file); undefined lets the parser detect it (pasted text may be a page's source). */
  html?: boolean;
  /** The uploaded file's name (multipart only): tells the parser a Word 97 file is WPS Office's .wps. */
  fileName?: string;
  fields: ReportUploadDto;
}

/** @fastify/multipart's errors for too many files, fields or parts (it answers them with 413). */
const MULTIPART_COUNT_LIMITS = new Set(['FST_FILES_LIMIT', 'FST_FIELDS_LIMIT', 'FST_PARTS_LIMIT']);

const FIELD_NAMES = ['bureauId', 'parentBureauId', 'confirmBureau', 'reportYear', 'planYear', 'sourceUrl'] as const;

/**
 * A report from a multipart upload (`file` plus optional text fields) or a JSON body
 * ({text | html, …}). Files are read fully into memory, bounded by the upload limit.
 */
export async function readReportInput(request: FastifyRequest): Promise<ReportInput> {
  if (request.isMultipart()) {
    const raw: Record<string, string> = {};
    let content: Buffer | null = null;
    let fileName = '';
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || content !== null)
            throw new ApiError(
              400,
              'VALIDATION',
              'Upload exactly one file, in the field "file"',
              '请在“file”字段上传一个文件',
            );
          content = await part.toBuffer();
          fileName = part.filename;
        } else if ((FIELD_NAMES as readonly string[]).includes(part.fieldname)) {
          raw[part.fieldname] = String(part.value);
        } else {
          throw new ApiError(
            400,
            'VALIDATION',
            `Unknown form field "${part.fieldname}"`,
            `未知的表单字段“${part.fieldname}”`,
          );
        }
      }
    } catch (err) {
      // A second file or too many parts is a malformed request (400), not a too-large one: only the file size is 413.
      if (MULTIPART_COUNT_LIMITS.has((err as { code?: string }).code ?? ''))
        throw new ApiError(
          400,
          'VALIDATION',
          'Upload exactly one file, in the field "file"',
          '请在“file”字段上传一个文件',
        );
      // A cut-off or garbled multipart body is the sender's fault: 400, not a server error. Our own refusals and the size limit pass through.
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
    if (content === null)
      throw new ApiError(400, 'VALIDATION', 'No file uploaded (field "file")', '未上传文件（字段“file”）');
    return { content, html: htmlByFileName(fileName), fileName, fields: await validated(raw) };
  }
  const body = request.body;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send JSON {text | html, …} or a multipart upload with a "file"',
      '请以JSON（text或html字段）或表单文件（file字段）上传报告',
    );
  }
  const fields = await validated(body as Record<string, unknown>);
  if ((fields.text === undefined) === (fields.html === undefined)) {
    throw new ApiError(400, 'VALIDATION', 'Give exactly one of "text" and "html"', '请提供text或html其中之一');
  }
  return fields.text !== undefined ? { content: fields.text, fields } : { content: fields.html!, html: true, fields };
}

async function validated(raw: Record<string, unknown>): Promise<ReportUploadDto> {
  const dto = plainToInstance(ReportUploadDto, raw);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const details = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    throw new ApiError(400, 'VALIDATION', details.join('; '), `请求参数有误：${details.join('；')}`, { details });
  }
  return dto;
}
