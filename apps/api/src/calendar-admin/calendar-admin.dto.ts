import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

export const CALENDAR_SOURCES = ['built-in', 'entered', 'missing'];

export class CalendarDayDto {
  @ApiProperty({ example: '2027-01-01' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date: string;

  @ApiPropertyOptional({ example: '元旦', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  name?: string | null;
}

/** A year's holidays and make-up working days (调休), as the State Council publishes them. */
export class UpdateCalendarDto {
  @ApiProperty({ type: [CalendarDayDto], description: 'Public holidays (days off), weekends included or not' })
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  holidays: CalendarDayDto[];

  @ApiProperty({ type: [CalendarDayDto], description: 'Weekend days made working days (调休上班)' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  workdays: CalendarDayDto[];
}

export class CalendarYearDto {
  @ApiProperty() year: number;
  @ApiProperty({
    enum: CALENDAR_SOURCES,
    description:
      "Where the year's working days come from: the built-in data (chinese-days), days an admin entered, or nowhere (Monday–Friday)",
  })
  source: string;
  @ApiProperty({ type: [CalendarDayDto] }) holidays: CalendarDayDto[];
  @ApiProperty({ type: [CalendarDayDto] }) workdays: CalendarDayDto[];
  @ApiProperty({
    type: [Number],
    description:
      "Years reminders will soon be planned in whose holidays nobody knows (today's, and the next from November)",
  })
  missingYears: number[];
  @ApiProperty({ nullable: true, type: String, description: 'The warning to show, in Chinese, when a year is missing' })
  warning: string | null;
}
