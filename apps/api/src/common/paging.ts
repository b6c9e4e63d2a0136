import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { IsOmittable } from './validation.decorators';

/**
 * One paging style for every list route: `?page=` (from 1) and `?pageSize=`, answered with
 * `{ items, total, page, pageSize }`. Lists people pick from (users, bureaus) allow bigger pages
 * than work lists; the names, the defaults' meaning and the envelope are the same everywhere.
 */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
export const MAX_LOOKUP_PAGE_SIZE = 1000;

export class PageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 100000 })
  @IsOmittable()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOmittable()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

/** Paging for lists people choose from in forms (users, bureaus): pages up to 1000. */
export class LookupPageQueryDto {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 100000 })
  @IsOmittable()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: MAX_LOOKUP_PAGE_SIZE, minimum: 1, maximum: MAX_LOOKUP_PAGE_SIZE })
  @IsOmittable()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LOOKUP_PAGE_SIZE)
  pageSize?: number;
}

/**
 * The page asked for out of a list already read whole. For lists bounded by their nature (a
 * bureau's users, one task's audit trail, a person's channels); lists that grow with the data
 * (tasks, reports, notifications) page in SQL.
 */
export function pageOf<T>(
  all: readonly T[],
  query: { page?: number; pageSize?: number },
  defaultSize = DEFAULT_PAGE_SIZE,
): Page<T> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? defaultSize;
  return { items: all.slice((page - 1) * pageSize, page * pageSize), total: all.length, page, pageSize };
}

/** The OpenAPI schema of a page of `item`s: `PageOf(UserDto)` documents `{ items: UserDto[], total, page, pageSize }`. */
export function PageOf<T>(item: Type<T>): Type<Page<T>> {
  class PageDto implements Page<T> {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty({ description: 'All matching rows, not only this page' }) total: number;
    @ApiProperty() page: number;
    @ApiProperty() pageSize: number;
  }
  Object.defineProperty(PageDto, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
  return PageDto;
}
