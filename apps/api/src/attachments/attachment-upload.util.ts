import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { tooLarge } from '@luoshi/attachments';
import { ApiError } from '../common/api-error';

/** One uploaded file and the progress update it is for. */
export interface AttachmentUpload {
  bytes: Buffer;
  fileName: string;
  progressUpdateId: number | null;
}

const oneFile = () =>
  new ApiError(400, 'VALIDATION', 'Upload exactly one file, in the field "file"', '请在“file”字段上传一个文件');

/**
 * Reads a multipart upload: one `file` (at most `maxBytes`, read into memory) and optionally
 * `progressUpdateId`. Anything else — a second file, other fields, a cut-off body — is refused
 * before anything is stored.
 */
export async function readAttachmentUpload(request: FastifyRequest, maxBytes: number): Promise<AttachmentUpload> {
  if (!request.isMultipart())
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the file as multipart/form-data in the field "file"',
      '请以表单文件（multipart/form-data，字段“file”）上传附件',
    );
  let file: { bytes: Buffer; fileName: string } | null = null;
  let progressUpdateId: number | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 2, fieldSize: 64 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file !== null) throw oneFile();
        file = { bytes: await part.toBuffer(), fileName: part.filename ?? '' };
      } else if (part.fieldname === 'progressUpdateId') {
        const value = String(part.value).trim();
        if (value === '') continue;
        if (!/^[1-9]\d{0,9}$/.test(value))
          throw new ApiError(
            400,
            'VALIDATION',
            'progressUpdateId must be a positive integer',
            'progressUpdateId必须是正整数',
          );
        progressUpdateId = Number(value);
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
    if (err instanceof ApiError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (['FST_FILES_LIMIT', 'FST_FIELDS_LIMIT', 'FST_PARTS_LIMIT'].includes(code)) throw oneFile();
    // A cut-off or garbled body is the sender's fault: 400, not a server error.
    throw new ApiError(
      400,
      'MALFORMED_UPLOAD',
      `The multipart upload could not be read: ${(err as Error).message}`,
      '上传的表单数据不完整或格式错误，请重新上传',
    );
  }
  if (file === null)
    throw new ApiError(400, 'VALIDATION', 'No file uploaded (field "file")', '未上传文件（字段“file”）');
  return { ...file, progressUpdateId };
}
