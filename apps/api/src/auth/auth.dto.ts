import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsAcceptablePassword, IsOmittable } from '../common/validation.decorators';
import { PageOf } from '../common/paging';

export class LoginDto {
  @ApiProperty({ example: 'staff@xihu.gov.cn' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Bearer token for the Authorization header' })
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: string;

  @ApiProperty({ description: 'Seconds until the token expires' })
  expiresIn: number;

  @ApiProperty({
    description:
      'An administrator reset the password: change it (POST /api/auth/password) before anything else (须先修改密码)',
  })
  mustChangePassword: boolean;
}

export class ActorDto {
  @ApiProperty() userId: number;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['admin', 'supervisor', 'staff'] }) role: string;
  @ApiProperty({ nullable: true, type: Number }) bureauId: number | null;
  @ApiProperty({ description: 'Every route but me, password and logout answers 403 until the password is changed' })
  mustChangePassword: boolean;
  @ApiProperty({ enum: ['login', 'api-token'], description: 'How this request signed in' }) via: string;
}

export class CreateApiTokenDto {
  @ApiProperty({ example: '数据同步脚本', description: 'What the token is for' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 3650,
    description: 'Days until the token stops working; none: until revoked',
  })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

export class ApiTokenDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastUsedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When it stops working; null: never' })
  expiresAt: Date | null;
}

export class CreatedApiTokenDto extends ApiTokenDto {
  @ApiProperty({ description: 'The token itself, shown only this once (lsk_…)' })
  token: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({
    minLength: 10,
    maxLength: 200,
    description: 'At least 10 characters, not a well-known password (至少10位，且不能是常见密码)',
  })
  @IsAcceptablePassword()
  newPassword: string;
}

export class ApiTokenPageDto extends PageOf(ApiTokenDto) {}
