import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';

/**
 * Nest's ValidationPipe (whitelist, no unknown fields, transform) except for route segments: with
 * `transform` it turns a `number` segment into Number('1e3') = 1000 or Number('-1') before the
 * route's own pipe sees it, so ParseIdPipe and ParseIntPipe would read `1e3` as an id or a year.
 * Segments reach those pipes as the client wrote them, and a malformed one is a 400.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  }

  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'param') return value;
    return super.transformPrimitive(value, metadata);
  }
}
