import { HttpException } from '@nestjs/common';

/** An API refusal with a stable code and both languages; extra fields (e.g. `allowed`) go into the body. */
export class ApiError extends HttpException {
  constructor(status: number, code: string, message: string, messageZh: string, extra: Record<string, unknown> = {}) {
    super({ code, message, messageZh, ...extra }, status);
  }
}

export const notFound = (what = 'Task'): ApiError =>
  new ApiError(404, 'NOT_FOUND', `${what} not found`, '未找到该记录，或无权查看');

export const forbidden = (message: string, messageZh: string): ApiError =>
  new ApiError(403, 'FORBIDDEN', message, messageZh);

export const staleVersion = (current: number | null): ApiError =>
  new ApiError(
    409,
    'STALE_VERSION',
    'Someone changed this task since you loaded it; reload and try again',
    '该任务已被他人修改，请刷新后重试',
    {
      currentVersion: current,
    },
  );
