import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_ID } from '../common/parse-id.pipe';
import { IsAcceptablePassword, IsOmittable } from '../common/validation.decorators';
import { USER_ROLES, type UserRole } from '@luoshi/db';
import { PageOf } from '../common/paging';

export class UserDto {
  @ApiProperty() id: number;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: USER_ROLES }) role: string;
  @ApiProperty({ nullable: true, type: Number }) bureauId: number | null;
  @ApiProperty({ description: 'Disabled accounts cannot log in and all their tokens are refused (已停用)' })
  disabled: boolean;
  @ApiProperty({ description: 'An administrator reset the password and the user has not changed it yet (待修改密码)' })
  mustChangePassword: boolean;
}

export class PasswordResetDto {
  @ApiPropertyOptional({
    minLength: 10,
    maxLength: 200,
    description: 'The temporary password to set; left out, one is generated and returned once (留空则自动生成临时密码)',
  })
  @IsOmittable()
  @IsAcceptablePassword()
  password?: string;
}

export class PasswordResetResultDto {
  @ApiProperty() userId: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The generated temporary password, shown only this once; null when the request set one',
  })
  temporaryPassword: string | null;
  @ApiProperty({ description: 'Always true: the user must change the password at the next login' })
  mustChangePassword: boolean;
}

export class CreateUserDto {
  @ApiProperty({ example: 'li.si@xihu.gov.cn' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: '李四' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role: UserRole;

  @ApiPropertyOptional({ description: 'Required for supervisors and staff' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  bureauId?: number;

  @ApiProperty({
    minLength: 10,
    maxLength: 200,
    description: 'At least 10 characters, not a well-known password (至少10位，且不能是常见密码)',
  })
  @IsAcceptablePassword()
  password: string;
}

/** What may change about an account: admins anything but their own role and status; supervisors disable/enable and rename staff of their subtree. */
export class UpdateUserDto {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOmittable()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ description: 'true disables the account at once (停用); false enables it again (启用)' })
  @IsOmittable()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ example: '李四' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;
}

export class UserPageDto extends PageOf(UserDto) {}
