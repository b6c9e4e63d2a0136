import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { ApiError } from '../common/api-error';
import { ACCOUNT_TRACKER_PREFIX } from './login-account.util';

/** The throttler's guard with our error shape: which limit was hit, and how long to wait, in both languages. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = { retryAfterSeconds: Math.max(1, Math.ceil(detail.timeToBlockExpire)) };
    if (detail.tracker.startsWith(ACCOUNT_TRACKER_PREFIX)) {
      throw new ApiError(
        429,
        'TOO_MANY_REQUESTS',
        'Too many login attempts for this account; wait 15 minutes',
        '该账号登录尝试过于频繁，请15分钟后再试',
        retryAfter,
      );
    }
    throw new ApiError(
      429,
      'TOO_MANY_REQUESTS',
      'Too many login attempts; wait a minute',
      '登录尝试过于频繁，请一分钟后再试',
      retryAfter,
    );
  }
}
