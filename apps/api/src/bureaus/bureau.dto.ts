import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { MAX_ID } from '../common/parse-id.pipe';
import { IsOmittable } from '../common/validation.decorators';
import { BUREAU_LEVELS, type BureauLevel } from '@luoshi/db';
import { PageOf } from '../common/paging';

export class BureauDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '杭州市西湖区司法局' }) name: string;
  @ApiProperty({ nullable: true, type: String, example: '浙江省杭州市西湖区' }) region: string | null;
  @ApiProperty({ enum: BUREAU_LEVELS }) level: string;
  @ApiProperty({ nullable: true, type: Number }) parentId: number | null;
  @ApiProperty({ type: [String], example: ['西湖区司法局'] }) aliases: string[];
}

export class CreateBureauDto {
  @ApiProperty({ example: '杭州市西湖区司法局' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: '浙江省杭州市西湖区' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  region?: string;

  @ApiPropertyOptional({ enum: BUREAU_LEVELS })
  @IsOmittable()
  @IsIn(BUREAU_LEVELS)
  level?: BureauLevel;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  parentId?: number;

  @ApiPropertyOptional({ type: [String] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(200, { each: true })
  aliases?: string[];
}

export class UpdateBureauDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() @MinLength(2) @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(200) region?: string;
  @ApiPropertyOptional({ enum: BUREAU_LEVELS }) @IsOmittable() @IsIn(BUREAU_LEVELS) level?: BureauLevel;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Move under another bureau; null: to the top' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  parentId?: number | null;
  @ApiPropertyOptional({ type: [String] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(200, { each: true })
  aliases?: string[];
}

export class BureauPageDto extends PageOf(BureauDto) {}

export class MergeBureauDto {
  @ApiProperty({ description: 'The bureau that stays; this one is merged into it and deleted' })
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  intoId: number;
}

/** What references a bureau, by kind: what a merge moves to the bureau that stays. */
export class BureauUsageDto {
  @ApiProperty({ description: 'Bureaus directly under it' }) subBureaus: number;
  @ApiProperty() users: number;
  @ApiProperty() reports: number;
  @ApiProperty() tasks: number;
  @ApiProperty() progressUpdates: number;
  @ApiProperty() linkOutcomes: number;
  @ApiProperty({ description: 'Tasks it takes part in as 牵头/配合单位' }) participations: number;
  @ApiProperty({ description: 'Chat channels (group robots) of the bureau' }) channels: number;
}

export class BureauMergeResultDto {
  @ApiProperty({ type: BureauDto, description: 'The bureau that stays, with the merged name among its aliases' })
  bureau: BureauDto;
  @ApiProperty({ type: BureauUsageDto, description: 'What was moved to it' })
  moved: BureauUsageDto;
}
