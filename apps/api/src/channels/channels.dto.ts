import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { MAX_ID } from '../common/parse-id.pipe';
import { CHAT_PLATFORMS } from '@luoshi/chat-channels';
import { CHANNEL_MODES } from '@luoshi/db';
import { PageOf } from '../common/paging';

export class ChannelDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: CHAT_PLATFORMS }) platform: string;
  @ApiProperty({ example: '钉钉群机器人' }) platformLabel: string;
  @ApiProperty({ example: '区司法局督办群' }) name: string;
  @ApiProperty({ enum: ['bureau', 'personal'], description: "A bureau's group, or one person's own" })
  scope: 'bureau' | 'personal';
  @ApiProperty({ nullable: true, type: Number }) bureauId: number | null;
  @ApiProperty({ nullable: true, type: Number }) userId: number | null;
  @ApiProperty({ description: 'The URL with its token cut; the full URL and the secret are never shown again' })
  urlMasked: string;
  @ApiProperty() hasSecret: boolean;
  @ApiProperty({ enum: CHANNEL_MODES, description: 'each: one post per reminder; digest: one post a day; off: paused' })
  mode: string;
  @ApiProperty({ description: 'Whether the caller may change, test or delete it' }) canManage: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class CreateChannelDto {
  @ApiProperty({ enum: CHAT_PLATFORMS })
  @IsIn([...CHAT_PLATFORMS])
  platform: (typeof CHAT_PLATFORMS)[number];

  @ApiProperty({ example: '区司法局督办群', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ description: "The robot's webhook URL as the platform shows it", maxLength: 2048 })
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiPropertyOptional({
    description: 'DingTalk 加签 secret (SEC…), Feishu 签名校验 secret, or the generic webhook secret (required there)',
    maxLength: 200,
    nullable: true,
    type: String,
  })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  secret?: string | null;

  @ApiPropertyOptional({ description: "A bureau's group channel; absent: the caller's own channel" })
  @ValidateIf((_, v) => v !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  bureauId?: number;

  @ApiPropertyOptional({ enum: CHANNEL_MODES, default: 'each' })
  @ValidateIf((_, v) => v !== undefined)
  @IsIn([...CHANNEL_MODES])
  mode?: (typeof CHANNEL_MODES)[number];
}

export class UpdateChannelDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ enum: CHANNEL_MODES })
  @ValidateIf((_, v) => v !== undefined)
  @IsIn([...CHANNEL_MODES])
  mode?: (typeof CHANNEL_MODES)[number];

  @ApiPropertyOptional({ description: 'A new webhook URL (replaces the stored one)', maxLength: 2048 })
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ description: 'A new secret; null removes it', nullable: true, type: String, maxLength: 200 })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  secret?: string | null;
}

export class ChannelTestResultDto {
  @ApiProperty({ description: 'The platform accepted the test post' }) delivered: boolean;
  @ApiProperty({ example: '测试消息已送达' }) messageZh: string;
}

export class ChannelDeliveryDto {
  @ApiProperty() id: number;
  @ApiProperty() channelId: number;
  @ApiProperty() channelName: string;
  @ApiProperty({ enum: CHAT_PLATFORMS }) platform: string;
  @ApiProperty({ enum: ['before', 'overdue', 'escalation', 'digest'] }) kind: string;
  @ApiProperty({ example: 'before-7' }) key: string;
  @ApiProperty() sendOn: string;
  @ApiProperty({ enum: ['pending', 'sent', 'failed', 'cancelled', 'folded'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed, in Chinese' }) error:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt: Date | null;
}

export class ChannelPageDto extends PageOf(ChannelDto) {}
