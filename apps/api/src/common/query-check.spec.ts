import 'reflect-metadata';
import { type ArgumentMetadata, HttpException, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import fc from 'fast-check';
import { cacheValidationMetadata } from '@luoshi/platform';
import { AppValidationPipe } from './app-validation.pipe';
import * as paging from './paging';
import * as tasks from '../tasks/task.dto';
import * as reminders from '../reminders/reminders.dto';
import * as audit from '../audit/audit.dto';
import * as notifications from '../notifications/notifications.dto';
import * as reports from '../reports/report.dto';
import { CalendarFeedQueryDto } from '../exports/exports.controller';

type Dto = new () => object;

/** Every query DTO the API declares (the classes named …QueryDto), so a new one is covered when it is added. */
const QUERY_DTOS: Dto[] = [
  ...[paging, tasks, reminders, audit, notifications, reports].flatMap((module) =>
    Object.entries(module)
      .filter(([name, value]) => name.endsWith('QueryDto') && typeof value === 'function')
      .map(([, value]) => value as Dto),
  ),
  CalendarFeedQueryDto as Dto,
];

cacheValidationMetadata();

/** ValidationPipe exactly as AppValidationPipe configures it, without the fast path. */
class Reference extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  }
}

/** Fastify's query objects (fast-querystring) come from a class whose prototype is Object.create(null). */
function FastifyQuery(this: object) {}
FastifyQuery.prototype = Object.create(null) as object;

type Outcome = { ok: true; value: object; proto: object | null } | { ok: false; status: number; body: unknown };

async function outcome(pipe: ValidationPipe, value: unknown, metatype: Dto): Promise<Outcome> {
  const metadata: ArgumentMetadata = { type: 'query', metatype };
  try {
    const result = (await pipe.transform(value, metadata)) as object;
    return { ok: true, value: { ...result }, proto: Object.getPrototypeOf(result) as object | null };
  } catch (err) {
    if (!(err instanceof HttpException)) throw err;
    return { ok: false, status: err.getStatus(), body: err.getResponse() };
  }
}

function propertiesOf(dto: Dto): string[] {
  return [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(dto, undefined!, false, false, undefined)
        .map((m) => m.propertyName),
    ),
  ];
}

/** The values the DTOs' own IsIn rules name: so that generated queries are often valid. */
function enumValuesOf(dto: Dto): string[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(dto, undefined!, false, false, undefined)
    .filter((m) => m.type === ValidationTypes.CUSTOM_VALIDATION && Array.isArray(m.constraints?.[0]))
    .flatMap((m) => (m.constraints[0] as unknown[]).filter((v): v is string => typeof v === 'string'));
}

const EDGE_VALUES = [
  '1', '2', '50', '100', '2025', '2026', '100000', '100001', '0', '-1', '1e3', '0x10', '1.5', ' 1', '',
  'true', 'false', '1', '0', 'yes', 'null', '2025-06-30', '2025-02-30', '2025-6-30', '20250630',
  'a', '杭州', 'x'.repeat(101), 'WyIyMDI1LTA2LTMwIiwxN10', '__proto__', ',', 'planned,,in_progress',
]; // prettier-ignore

function queryArbitrary(dto: Dto): fc.Arbitrary<Record<string, unknown>> {
  const enums = enumValuesOf(dto);
  const single = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...EDGE_VALUES, ...(enums.length ? enums : ['x'])) },
    { weight: 2, arbitrary: fc.uniqueArray(fc.constantFrom(...(enums.length ? enums : EDGE_VALUES)), { minLength: 1, maxLength: 9 }).map((v) => v.join(',')) },
    // lists with one wrong item among right ones, in any place
    { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...enums, 'lost', 'x'), { minLength: 2, maxLength: 5 }).map((v) => v.join(',')) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  ); // prettier-ignore
  const value = fc.oneof(
    { weight: 12, arbitrary: single },
    { weight: 1, arbitrary: fc.array(single, { minLength: 2, maxLength: 3 }) }, // a key given twice
  );
  const keys = [...propertiesOf(dto), 'unknown', 'constructor', '__proto__', 'prototype'];
  return fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length });
}

/** A fresh copy (each pipe may strip keys from what it is given) in the shape Fastify hands over. */
function asQuery(entries: Record<string, unknown>, fastifyShape: boolean): object {
  const query = (fastifyShape ? new (FastifyQuery as unknown as new () => object)() : {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(entries))
    Object.defineProperty(query, key, { value, enumerable: true, writable: true, configurable: true });
  return query;
}

describe('AppValidationPipe on query strings (passesQueryRules)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('finds the query DTOs it is checked against', () => {
    expect(QUERY_DTOS.length).toBeGreaterThanOrEqual(12);
    expect(QUERY_DTOS).toContain(tasks.TaskListQueryDto);
  });

  it.each(QUERY_DTOS.map((dto) => [dto.name, dto] as const))(
    '%s: answers exactly as ValidationPipe does, value or refusal',
    async (_name, dto) => {
      const fast = new AppValidationPipe();
      const reference = new Reference();
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(queryArbitrary(dto), fc.boolean(), async (entries, fastifyShape) => {
          const ours = await outcome(fast, asQuery(entries, fastifyShape), dto);
          const theirs = await outcome(reference, asQuery(entries, fastifyShape), dto);
          expect(ours).toEqual(theirs);
          if (ours.ok) accepted++;
        }),
        { numRuns: 400 },
      );
      // The comparison means something only if valid queries were among those generated.
      expect(accepted).toBeGreaterThan(20);
    },
  );

  it('answers a typical task list query without running class-validator, and a refused one with its messages', async () => {
    const pipe = new AppValidationPipe();
    const metadata: ArgumentMetadata = { type: 'query', metatype: tasks.TaskListQueryDto };
    const slow = jest.spyOn(ValidationPipe.prototype, 'transform');
    const query = asQuery(
      { bureauId: '12', planYear: '2026', status: 'planned,in_progress', page: '2', pageSize: '50', overdue: 'true' },
      true,
    );
    const dto = await pipe.transform(query, metadata);
    expect(dto).toBeInstanceOf(tasks.TaskListQueryDto);
    expect({ ...(dto as object) }).toEqual(
      expect.objectContaining({
        bureauId: 12,
        planYear: 2026,
        status: ['planned', 'in_progress'],
        page: 2,
        overdue: true,
      }),
    );
    expect(slow).not.toHaveBeenCalled();

    const refused = await outcome(
      pipe,
      asQuery({ bureauId: '1.5', status: 'planned,lost' }, true),
      tasks.TaskListQueryDto,
    );
    expect(slow).toHaveBeenCalledTimes(1);
    expect(refused).toMatchObject({ ok: false, status: 400 });
    expect(JSON.stringify(refused)).toContain('bureauId must be an integer number');
    expect(JSON.stringify(refused)).toContain('each value in status must be one of the following values');
  });

  it('leaves bodies, route segments and single named parameters to ValidationPipe', async () => {
    const pipe = new AppValidationPipe();
    const slow = jest.spyOn(ValidationPipe.prototype, 'transform');
    await pipe.transform({ page: '1' }, { type: 'body', metatype: paging.PageQueryDto });
    await pipe.transform('7', { type: 'param', metatype: Number, data: 'id' });
    await pipe.transform('7', { type: 'query', metatype: Number, data: 'page' });
    expect(slow).toHaveBeenCalledTimes(3);
  });
});
