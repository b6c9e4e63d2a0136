import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { Actor } from '../auth/actor.types';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import {
  CreateUserDto,
  PasswordResetDto,
  PasswordResetResultDto,
  UpdateUserDto,
  UserDto,
  UserPageDto,
} from './user.dto';
import { UsersService } from './users.service';
import { LookupPageQueryDto, MAX_LOOKUP_PAGE_SIZE, pageOf } from '../common/paging';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Users of the bureaus you may see (for assignment)' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrorResponses(400, 401)
  async list(@CurrentActor() actor: Actor, @Query() query: LookupPageQueryDto): Promise<UserPageDto> {
    return pageOf(await this.users.list(actor), query, MAX_LOOKUP_PAGE_SIZE);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user (admins; supervisors may add staff)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrorResponses(400, 401, 403, 409, 422)
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor, body);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Disable/enable, rename or change the role of a user (admins; supervisors for staff of their bureaus), audited',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiErrorResponses(400, 401, 403, 404, 422)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(actor, id, body);
  }

  @Post(':id/password-reset')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Reset a password (重置密码): sets the given one or returns a generated one once; the user must change it and their sessions end (admins; supervisors for staff of their bureaus), audited',
  })
  @ApiOkResponse({ type: PasswordResetResultDto })
  @ApiErrorResponses(400, 401, 403, 404, 422)
  resetPassword(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: PasswordResetDto,
  ): Promise<PasswordResetResultDto> {
    return this.users.resetPassword(actor, id, body);
  }
}
