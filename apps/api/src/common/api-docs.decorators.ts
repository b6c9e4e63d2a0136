import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** The error body of every failed request, as documented in OpenAPI. */
export class ApiErrorDto {
  @ApiProperty({ example: 409 }) statusCode: number;
  @ApiProperty({ example: 'Conflict' }) error: string;
  @ApiProperty({ example: 'Someone changed this task since you loaded it; reload and try again' }) message: string;
  @ApiProperty({ example: '该任务已被他人修改，请刷新后重试' }) messageZh: string;
  @ApiPropertyOptional({ example: 'STALE_VERSION' }) code?: string;
  @ApiPropertyOptional({ type: [String] }) details?: string[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (VALIDATION) — 请求参数有误',
  401: 'Not logged in, or wrong e-mail or password (BAD_CREDENTIALS) — 未登录、登录已过期或密码错误',
  403: 'Not allowed for your role (FORBIDDEN) — 无权执行此操作',
  404: 'Not found, or not visible to you (NOT_FOUND) — 未找到或无权查看',
  409: 'Conflict: stale version (STALE_VERSION), invalid transition (INVALID_TRANSITION, with `allowed`), or a report whose bureau clearly differs from where it would be filed (BUREAU_MISMATCH) — 数据冲突',
  413: 'Too large (TOO_LARGE) — 上传内容过大',
  415: 'Binary file that is not a report: an image, archive or spreadsheet (BINARY_INPUT) — 不支持的文件类型',
  410: 'The link has expired (LINK_EXPIRED) — 链接已过期',
  422: 'Not a report (NOT_A_REPORT), empty (EMPTY_INPUT), a PDF without a text layer such as a scan (NO_TEXT_LAYER), a damaged or password-protected Word/PDF file (UNREADABLE_DOCUMENT), parse over its time budget (PARSE_TIMEOUT), or bureau problem (BUREAU_REQUIRED, BUREAU_NOT_FOUND) — 内容无法处理',
  429: 'Too many attempts — 请求过于频繁',
  503: 'Busy: too many reports waiting to be parsed (PARSE_BUSY), or the database is busy — 服务繁忙，请稍后重试',
};

/** Documents the error responses a route can give, all with {@link ApiErrorDto}. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ApiErrorDto })),
  );
}

/**
 * A 200 whose body is a file or page (CSV, XLSX, ICS, HTML), declared on that response only:
 * @ApiProduces would claim the media type for the JSON error responses too.
 */
export function ApiFileResponse(mediaType: string, description: string): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status: 200,
    description,
    content: {
      [mediaType]: {
        schema: mediaType.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' },
      },
    },
  });
}
