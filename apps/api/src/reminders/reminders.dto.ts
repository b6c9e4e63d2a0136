import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MaxLength, ValidateIf } from 'class-validator';

export class ReminderDto {
  @ApiProperty() id: number;
  @ApiProperty() userId: number;
  @ApiProperty({ enum: ['before', 'overdue', 'escalation', 'digest', 'annual_report'] }) kind: string;
  @ApiProperty({ example: 'before-7' }) key: string;
  @ApiPropertyOptional({ nullable: true, type: String }) occurrenceDue: string | null;
  @ApiProperty() sendOn: string;
  @ApiProperty({ enum: ['pending', 'sent', 'failed', 'cancelled', 'folded'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ nullable: true, type: String }) messageId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) error: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) sentAt: Date | null;
}

export class PreferencesDto {
  @ApiProperty({ enum: ['each', 'digest', 'off'], description: 'each: one e-mail per reminder; digest: one daily list; off: none' })
  reminderMode: string;

  @ApiProperty({ description: "Receive reminders for the bureau's unassigned tasks" })
  remindersOptIn: boolean;
}

export class UpdatePreferencesDto {
  // Absent means unchanged; null is refused (IsOptional would let null through to a NOT NULL column).
  @ApiPropertyOptional({ enum: ['each', 'digest', 'off'] })
  @ValidateIf((_, v) => v !== undefined) @IsIn(['each', 'digest', 'off'])
  reminderMode?: 'each' | 'digest' | 'off';

  @ApiPropertyOptional()
  @ValidateIf((_, v) => v !== undefined) @IsBoolean()
  remindersOptIn?: boolean;
}

export class MuteQueryDto {
  @ApiProperty({ description: 'The signed token from the e-mail link' })
  @IsString() @MaxLength(200)
  token: string;
}
