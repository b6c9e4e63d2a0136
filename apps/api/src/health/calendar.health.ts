import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { calendarWarning, CalendarAdminService } from '../calendar-admin/calendar-admin.service';

/**
 * Whether reminders know the holidays of the year they are planned in: up either way (the API
 * serves, reminders fall back to Monday–Friday), with the missing years and the warning to act on.
 */
@Injectable()
export class CalendarHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly calendar: CalendarAdminService,
  ) {}

  async check(key = 'calendar'): Promise<HealthIndicatorResult> {
    const missingYears = await this.calendar.missingYearsNow();
    const warning = calendarWarning(missingYears);
    return this.indicator.check(key).up(warning ? { missingYears, warning } : { missingYears });
  }
}
