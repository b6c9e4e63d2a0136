import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { ApiErrorBody } from './api-error.types';
import { zhMessageFor } from './http-messages.constants';

/** An error a library raised on purpose, with a code the API maps to a status here (and only here). */
export interface CodedError extends Error {
  code: string;
  messageZh?: string;
}

export type CodeStatusMap = Readonly<Record<string, number>>;

/**
 * Turns every thrown thing into `{statusCode, error, message, messageZh}`. Library errors are
 * mapped by their `code`; unknown errors become a 500 whose details stay in the log.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  constructor(private readonly codeStatuses: CodeStatusMap = {}) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception);
    // Explicit type: a handler may have set another one (text/calendar, text/csv) before failing.
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (isCodedError(exception) && this.codeStatuses[exception.code] !== undefined) {
      const statusCode = this.codeStatuses[exception.code];
      return {
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        code: exception.code,
        message: exception.message,
        messageZh: exception.messageZh ?? zhMessageFor(statusCode),
      };
    }
    if (isFastifyClientError(exception)) {
      const statusCode = exception.statusCode;
      return {
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        code: DEFAULT_CODES[statusCode] ?? 'ERROR',
        message: exception.message,
        messageZh: zhMessageFor(statusCode),
      };
    }
    const statusCode = HttpStatus.INTERNAL_SERVER_ERROR;
    return {
      statusCode,
      error: 'Internal Server Error',
      code: 'INTERNAL',
      message: 'Internal server error',
      messageZh: zhMessageFor(statusCode),
    };
  }
}

function fromHttpException(exception: HttpException): ApiErrorBody {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  const payload = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
  const rawMessage = payload.message ?? (typeof response === 'string' ? response : exception.message);
  const details = Array.isArray(rawMessage) ? rawMessage.map(String) : undefined;
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message: details ? details.join('; ') : String(rawMessage),
    messageZh:
      typeof payload.messageZh === 'string'
        ? payload.messageZh
        : details
          ? `${zhMessageFor(statusCode)}：${details.join('；')}`
          : zhMessageFor(statusCode),
    code:
      typeof payload.code === 'string' ? payload.code : details ? 'VALIDATION' : (DEFAULT_CODES[statusCode] ?? 'ERROR'),
    ...(details ? { details } : {}),
    ...extraFields(payload),
  };
}

/** Codes for refusals that carry none of their own (Fastify's body limit, bad JSON, Nest's 404 …). */
const DEFAULT_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
};

const STANDARD = new Set(['statusCode', 'error', 'message', 'messageZh', 'code', 'details']);

/** Extra fields an ApiError carries (allowed transitions, current version …). */
function extraFields(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([k]) => !STANDARD.has(k)));
}

function isCodedError(value: unknown): value is CodedError {
  return value instanceof Error && typeof (value as Partial<CodedError>).code === 'string';
}

/** Fastify's own 4xx errors (bad JSON, body too large, unsupported media type). */
function isFastifyClientError(value: unknown): value is Error & { statusCode: number } {
  const status = (value as { statusCode?: unknown } | null)?.statusCode;
  return value instanceof Error && typeof status === 'number' && status >= 400 && status < 500;
}
