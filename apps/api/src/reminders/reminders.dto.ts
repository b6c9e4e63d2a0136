import { PageOf } from '../common/paging';
import type { Reminder, ReminderPreferences } from '@luoshi/db';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class ReminderDto {
  @ApiProperty() id: number;
  @ApiProperty() userId: number;
  @ApiProperty({ enum: ['before', 'overdue', 'escalation', 'digest', 'annual_report'] }) kind: string;
  @ApiProperty({ example: 'before-7' }) key: string;
  @ApiProperty({ nullable: true, type: String }) occurrenceDue: string | null;
  @ApiProperty() sendOn: string;
  @ApiProperty({ enum: ['pending', 'sent', 'failed', 'cancelled', 'folded'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) messageId: string | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt: Date | null;
}

/** A stored reminder as the API shows it. */
export const toReminderDto = (r: Reminder): ReminderDto => ({
  id: r.id,
  userId: r.userId,
  kind: r.kind,
  key: r.key,
  occurrenceDue: r.occurrenceDue,
  sendOn: r.sendOn,
  status: r.status,
  attempts: r.attempts,
  messageId: r.messageId,
  error: r.error,
  sentAt: r.sentAt ?? null,
});

export class PreferencesDto {
  @ApiProperty({
    enum: ['each', 'digest', 'off'],
    description: 'each: one e-mail per reminder; digest: one daily list; off: none',
  })
  reminderMode: string;

  @ApiProperty({ description: "Receive reminders for the bureau's unassigned tasks" })
  remindersOptIn: boolean;

  @ApiProperty({
    type: () => QuietHoursDto,
    nullable: true,
    description: 'No reminder e-mail or personal chat post in these hours (免打扰); they go out after',
  })
  quietHours: QuietHoursDto | null;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class QuietHoursDto {
  @ApiProperty({ example: '12:00', description: 'Start, HH:MM Asia/Shanghai (included)' })
  @IsString()
  @Matches(HHMM, { message: 'from must be HH:MM (00:00–23:59)' })
  from: string;

  @ApiProperty({
    example: '14:00',
    description: 'End, HH:MM Asia/Shanghai (excluded); earlier than from spans midnight',
  })
  @IsString()
  @Matches(HHMM, { message: 'to must be HH:MM (00:00–23:59)' })
  to: string;
}

export class UpdatePreferencesDto {
  // Absent means unchanged; null is refused (IsOptional would let null through to a NOT NULL column).
  @ApiPropertyOptional({ enum: ['each', 'digest', 'off'] })
  @ValidateIf((_, v) => v !== undefined)
  @IsIn(['each', 'digest', 'off'])
  reminderMode?: 'each' | 'digest' | 'off';

  @ApiPropertyOptional()
  @ValidateIf((_, v) => v !== undefined)
  @IsBoolean()
  remindersOptIn?: boolean;

  @ApiPropertyOptional({ type: () => QuietHoursDto, nullable: true, description: 'null ends quiet hours' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;
}

export class MuteQueryDto {
  @ApiProperty({ description: 'The signed token from the e-mail link' })
  @IsString()
  @MaxLength(200)
  token: string;
}

/** The mute page's form: the same token and the button that was pressed. */
export class MuteFormDto extends MuteQueryDto {
  @ApiProperty({ enum: ['mute', 'snooze', 'unmute'] })
  @IsIn(['mute', 'snooze', 'unmute'])
  action: 'mute' | 'snooze' | 'unmute';
}

export class MuteTaskDto {
  @ApiPropertyOptional({
    description: 'Snooze for this many days instead of muting for good (暂停天数)',
    minimum: 1,
    maximum: 365,
  })
  @ValidateIf((_, v) => v !== undefined)
  @IsInt()
  @Min(1)
  @Max(365)
  days?: number;
}

/** Whether reminders about a task are muted for me, and until when (a snooze). */
export class MuteStateDto {
  @ApiProperty() muted: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: '2025-06-30',
    description: 'Last muted day; null: for good',
  })
  until?: string | null;
}

/** Stored preferences as the API shows them (quiet hours as one object, or null). */
export const toPreferencesDto = (p: ReminderPreferences): PreferencesDto => ({
  reminderMode: p.reminderMode,
  remindersOptIn: p.remindersOptIn,
  quietHours: p.quietFrom && p.quietTo ? { from: p.quietFrom, to: p.quietTo } : null,
});

export class ReminderPageDto extends PageOf(ReminderDto) {}
