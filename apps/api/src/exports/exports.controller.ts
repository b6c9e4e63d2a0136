import { Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Min } from 'class-validator';
import { IsOmittable } from '../common/validation.decorators';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../auth/actor.types';
import { CurrentActor, FreshIdentity, Public } from '../auth/auth.decorators';
import { ApiErrorResponses, ApiFileResponse } from '../common/api-docs.decorators';
import { TaskFilterQueryDto } from '../tasks/task.dto';
import { ExportsService } from './exports.service';

export class CalendarSubscriptionDto {
  @ApiProperty({ description: 'Subscribe to this URL in a calendar app: deadlines of every open task you may see' })
  url: string;
  @ApiProperty({ description: 'Only the tasks assigned to you' }) mineUrl: string;
}

export class CalendarFeedQueryDto {
  @ApiPropertyOptional({ description: 'Only tasks assigned to the subscriber' })
  @IsOmittable()
  @Transform(({ value }) => value === '1' || value === 'true' || value === true)
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({ description: 'Only this bureau and its sub-bureaus' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  bureauId?: number;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends an export as a dated attachment. */
async function sendAttachment(
  reply: FastifyReply,
  contentType: string,
  extension: string,
  body: Buffer,
): Promise<void> {
  const stamp = new Date().toISOString().slice(0, 10);
  await reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="luoshi-tasks-${stamp}.${extension}"`)
    .send(body);
}

@ApiTags('exports')
@Controller()
export class ExportsController {
  constructor(private readonly exportsService: ExportsService) {}

  @Get('exports/tasks.csv')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Filtered task list as CSV (UTF-8 with BOM; same filters as GET /api/tasks)' })
  @ApiFileResponse('text/csv', 'CSV file')
  @ApiErrorResponses(400, 401)
  async csv(
    @CurrentActor() actor: Actor,
    @Query() query: TaskFilterQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendAttachment(reply, 'text/csv; charset=utf-8', 'csv', await this.exportsService.csv(actor, query));
  }

  @Get('exports/tasks.xlsx')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Filtered task list as an Excel workbook' })
  @ApiFileResponse(XLSX_TYPE, 'XLSX file')
  @ApiErrorResponses(400, 401)
  async xlsx(
    @CurrentActor() actor: Actor,
    @Query() query: TaskFilterQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await sendAttachment(reply, XLSX_TYPE, 'xlsx', await this.exportsService.xlsx(actor, query));
  }

  @Get('calendar/subscription')
  // Creates the feed token on first use: a write, so only for a confirmed identity.
  @FreshIdentity()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'My calendar feed URL (日历订阅)' })
  @ApiOkResponse({ type: CalendarSubscriptionDto })
  @ApiErrorResponses(401)
  subscription(@CurrentActor() actor: Actor): Promise<CalendarSubscriptionDto> {
    return this.exportsService.subscription(actor, false);
  }

  @Post('calendar/subscription/rotate')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'New calendar feed URL; the old one stops working' })
  @ApiOkResponse({ type: CalendarSubscriptionDto })
  @ApiErrorResponses(401)
  rotate(@CurrentActor() actor: Actor): Promise<CalendarSubscriptionDto> {
    return this.exportsService.subscription(actor, true);
  }

  @Public()
  @Get('calendar/feed/:file')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @ApiOperation({ summary: 'iCalendar feed of deadlines; the secret token in the URL is the credential' })
  @ApiFileResponse('text/calendar', 'ICS file')
  @ApiErrorResponses(400, 404)
  feed(@Param('file') file: string, @Query() query: CalendarFeedQueryDto): Promise<string> {
    return this.exportsService.feed(file, query);
  }
}
