import { Body, Controller, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.types';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { CalendarYearDto, UpdateCalendarDto } from './calendar-admin.dto';
import { CalendarAdminService } from './calendar-admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/calendar')
export class CalendarAdminController {
  constructor(private readonly calendar: CalendarAdminService) {}

  @Get(':year')
  @ApiOperation({
    summary:
      "A year's working-day calendar: where it comes from (built-in, entered, missing), the days entered, and the warning while a year is missing (admins) — 工作日历",
  })
  @ApiOkResponse({ type: CalendarYearDto })
  @ApiErrorResponses(400, 401, 403)
  get(@CurrentActor() actor: Actor, @Param('year', ParseIntPipe) year: number): Promise<CalendarYearDto> {
    return this.calendar.get(actor, year);
  }

  @Put(':year')
  @ApiOperation({
    summary:
      "Enter a year's public holidays and make-up working days (调休), replacing what was entered for it; audited (admins) — 录入节假日",
  })
  @ApiOkResponse({ type: CalendarYearDto })
  @ApiErrorResponses(400, 401, 403)
  update(
    @CurrentActor() actor: Actor,
    @Param('year', ParseIntPipe) year: number,
    @Body() body: UpdateCalendarDto,
  ): Promise<CalendarYearDto> {
    return this.calendar.update(actor, year, body);
  }
}
