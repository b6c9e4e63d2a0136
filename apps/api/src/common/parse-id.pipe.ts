import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiError, notFound } from './api-error';

/** The largest id an `integer` primary key holds on PostgreSQL (SQLite's are wider; no row gets past this). */
export const MAX_ID = 2_147_483_647;

/**
 * Route ids (`:id`), the same everywhere: an integer, else 400 INVALID_ID; an integer outside 1…2³¹−1
 * cannot name a row and answers 404 like any other id you may not see — never a
 * database error (Nest's ParseIntPipe passes 99999999999999999999 on, which PostgreSQL refuses with
 * a 500).
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string | number, number> {
  transform(value: string | number, meta: ArgumentMetadata): number {
    // Route segments arrive as written (AppValidationPipe): `1e3`, `0x10` and `1.0` are malformed, not 1000, 16 and 1.
    const id = typeof value === 'number' ? value : /^-?\d{1,40}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(id)) {
      const name = meta.data ?? 'id';
      throw new ApiError(400, 'INVALID_ID', `${name} must be a positive integer`, `${name} 必须是正整数`);
    }
    if (id < 1 || id > MAX_ID) throw notFound('Record');
    return id;
  }
}
