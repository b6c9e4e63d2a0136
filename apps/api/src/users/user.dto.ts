import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { IsOmittable } from '../common/validation.decorators';
import { USER_ROLES, type UserRole } from '@luoshi/db';

export class UserDto {
  @ApiProperty() id: number;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: USER_ROLES }) role: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) bureauId: number | null;
}

export class CreateUserDto {
  @ApiProperty({ example: 'li.si@xihu.gov.cn' })
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ example: '李四' })
  @IsString() @MinLength(1) @MaxLength(100)
  displayName: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role: UserRole;

  @ApiPropertyOptional({ description: 'Required for supervisors and staff' })
  @IsOmittable() @IsInt() @Min(1)
  bureauId?: number;

  @ApiProperty({ minLength: 8 })
  @IsString() @MinLength(8) @MaxLength(200)
  password: string;
}
