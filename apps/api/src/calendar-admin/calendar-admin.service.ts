import { Injectable } from '@nestjs/common';
import { CalendarRepository, UnitOfWork, type CalendarDay } from '@luoshi/db';
import { calendarSource, missingCalendarYears, setCalendarEntries, shanghaiClock } from '@luoshi/reminder-policy';
import type { Actor } from '../auth/actor.types';
import { ApiError } from '../common/api-error';
import type { CalendarDayDto, CalendarYearDto, UpdateCalendarDto } from './calendar-admin.dto';

/** The warning an admin sees, and the health answer carries, while a year's holidays are unknown. */
export function calendarWarning(missing: number[]): string | null {
  if (missing.length === 0) return null;
  const years = missing.join('、');
  return `${years}年的法定节假日和调休安排尚未录入，提醒暂按周一至周五计算，可能落在节假日。请管理员在“工作日历”中录入（国务院办公厅每年11月前后公布）。`;
}

function isCalendarDate(date: string, year: number): boolean {
  if (!date.startsWith(`${year}-`)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/**
 * The working-day calendar for years the built-in holiday data does not cover yet: admins enter
 * each year's holidays and make-up days; every process loads them (this one when asked and after a
 * change, workers before each sweep).
 */
@Injectable()
export class CalendarAdminService {
  constructor(
    private readonly calendar: CalendarRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * The years still unknown, after reading what admins entered (read on demand, not at start-up:
   * the API checks the schema is migrated before it touches any table).
   */
  async missingYearsNow(now = new Date()): Promise<number[]> {
    await this.reload();
    return this.missingYears(now);
  }

  private missingYears(now = new Date()): number[] {
    return missingCalendarYears(shanghaiClock(now).date);
  }

  async get(actor: Actor, year: number): Promise<CalendarYearDto> {
    this.assertAdmin(actor);
    this.assertYear(year);
    await this.reload();
    return this.view(year, await this.calendar.year(year));
  }

  async update(actor: Actor, year: number, body: UpdateCalendarDto): Promise<CalendarYearDto> {
    this.assertAdmin(actor);
    this.assertYear(year);
    const days = [
      ...body.holidays.map((d) => ({ date: d.date, working: false, name: d.name?.trim() || null })),
      ...body.workdays.map((d) => ({ date: d.date, working: true, name: d.name?.trim() || null })),
    ];
    const wrong = days.filter((d) => !isCalendarDate(d.date, year)).map((d) => d.date);
    if (wrong.length > 0)
      throw new ApiError(
        400,
        'VALIDATION',
        `Not dates of ${year}: ${wrong.join(', ')}`,
        `以下日期不是${year}年的有效日期：${wrong.join('、')}`,
      );
    const seen = new Set<string>();
    const twice = days.filter((d) => (seen.has(d.date) ? true : (seen.add(d.date), false))).map((d) => d.date);
    if (twice.length > 0)
      throw new ApiError(
        400,
        'VALIDATION',
        `Each date once, as a holiday or a working day: ${twice.join(', ')}`,
        `同一日期只能录入一次（节假日或调休上班）：${twice.join('、')}`,
      );
    await this.unitOfWork.run(async (tx) => {
      const before = await tx.calendar.year(year);
      await tx.calendar.replaceYear(year, days, actor.userId);
      await tx.activity.record([
        {
          entityType: 'calendar',
          entityId: year,
          actorId: actor.userId,
          action: 'calendar.update',
          before: before.map(({ date, working, name }) => ({ date, working, name })),
          after: days,
        },
      ]);
    });
    await this.reload();
    return this.view(year, await this.calendar.year(year));
  }

  private async reload(): Promise<void> {
    setCalendarEntries(await this.calendar.all());
  }

  private view(year: number, days: CalendarDay[]): CalendarYearDto {
    const missingYears = this.missingYears();
    const day = (d: CalendarDay): CalendarDayDto => ({ date: d.date, name: d.name });
    return {
      year,
      source: calendarSource(year),
      holidays: days.filter((d) => !d.working).map(day),
      workdays: days.filter((d) => d.working).map(day),
      missingYears,
      warning: calendarWarning(missingYears),
    };
  }

  private assertAdmin(actor: Actor): void {
    if (actor.role !== 'admin')
      throw new ApiError(403, 'FORBIDDEN', 'Only admins keep the working-day calendar', '仅管理员可维护工作日历');
  }

  private assertYear(year: number): void {
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw new ApiError(400, 'VALIDATION', 'year must be between 2000 and 2100', '年份须在2000至2100之间');
  }
}
