import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiError } from './api-error';

/** The largest id a PostgreSQL `integer` column holds; anything above is no row's id. */
export const MAX_ID = 2_147_483_647;

/**
 * A path id: a whole number 1…{@link MAX_ID}. ParseIntPipe let 99999999999999999999 through as 1e20,
 * which PostgreSQL refuses with "out of range" (a 500); here it is a 400 like any malformed id.
 * The global ValidationPipe (transform) may already have made the text a number.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string | number, number> {
  transform(value: string | number): number {
    const id = typeof value === 'number' ? value : /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(id) || id < 1 || id > MAX_ID) {
      throw new ApiError(
        400,
        'BAD_ID',
        `Not a valid id: expected a whole number from 1 to ${MAX_ID}`,
        '编号格式不正确',
      );
    }
    return id;
  }
}
