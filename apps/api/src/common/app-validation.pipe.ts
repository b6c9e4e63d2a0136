import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { passesQueryRules } from './query-check';

/**
 * Nest's ValidationPipe (whitelist, no unknown fields, transform) except for route segments: with
 * `transform` it turns a `number` segment into Number('1e3') = 1000 or Number('-1') before the
 * route's own pipe sees it, so ParseIdPipe and ParseIntPipe would read `1e3` as an id or a year.
 * Segments reach those pipes as the client wrote them, and a malformed one is a 400.
 *
 * A query string of single values that class-validator's rules certainly accept is answered by
 * {@link passesQueryRules} on the same instance class-transformer makes here; everything else, and
 * every refusal with its messages, is ValidationPipe's own.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return (metadata.type === 'query' && this.acceptedQuery(value, metadata)) || super.transform(value, metadata);
  }

  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'param') return value;
    return super.transformPrimitive(value, metadata);
  }

  /**
   * The DTO instance ValidationPipe would return for `value`, when the query is flat (each key once,
   * a string each, no prototype keys for stripProtoKeys to remove) and passes every rule; else undefined.
   */
  private acceptedQuery(value: unknown, metadata: ArgumentMetadata): object | undefined {
    const metatype = metadata.metatype;
    if (!metatype || !this.toValidate(metadata) || !isFlatQuery(value)) return undefined;
    const entity = plainToInstance(metatype, value, this.transformOptions) as object;
    return entity.constructor === metatype && passesQueryRules(entity) ? entity : undefined;
  }
}

const PROTO_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isFlatQuery(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // A plain object, or one over empty prototypes: Fastify's query parser (fast-querystring) makes
  // its objects from a class whose prototype is Object.create(null).
  for (let proto = Object.getPrototypeOf(value) as object | null; proto && proto !== Object.prototype;)
    if (Reflect.ownKeys(proto).length > 0) return false;
    else proto = Object.getPrototypeOf(proto) as object | null;
  for (const key of Object.keys(value))
    if (PROTO_KEYS.has(key) || typeof (value as Record<string, unknown>)[key] !== 'string') return false;
  return true;
}
