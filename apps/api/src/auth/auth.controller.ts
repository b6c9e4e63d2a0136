import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import type { Actor } from './actor.types';
import { AllowsPendingPasswordChange, CurrentActor, Public } from './auth.decorators';
import {
  ActorDto,
  ChangePasswordDto,
  CreateApiTokenDto,
  CreatedApiTokenDto,
  LoginDto,
  LoginResponseDto,
  ApiTokenPageDto,
} from './auth.dto';
import { AuthService } from './auth.service';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { PageQueryDto, pageOf } from '../common/paging';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with e-mail and password (登录); rate-limited per client address and per account' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrorResponses(400, 401, 429)
  login(@Body() body: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(body.email, body.password);
  }

  @Get('me')
  @AllowsPendingPasswordChange()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who am I (当前用户)' })
  @ApiOkResponse({ type: ActorDto })
  @ApiErrorResponses(401)
  me(@CurrentActor() actor: Actor): ActorDto {
    const { userId, email, displayName, role, bureauId, via, mustChangePassword } = actor;
    return { userId, email, displayName, role, bureauId, via, mustChangePassword };
  }

  @Post('logout')
  @AllowsPendingPasswordChange()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Log out everywhere (退出登录): every login token of mine stops working; API tokens stay until revoked',
  })
  @ApiNoContentResponse()
  @ApiErrorResponses(401)
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(actor);
  }

  @Post('password')
  @AllowsPendingPasswordChange()
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Change my password (修改密码): needs the current one and a login, ends my other sessions, returns a new token',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrorResponses(400, 401, 403, 422)
  changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordDto): Promise<LoginResponseDto> {
    return this.auth.changePassword(actor, body.currentPassword, body.newPassword);
  }

  @Post('tokens')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Create a personal API token for automation (shown once), optionally expiring after expiresInDays; only with a login token',
  })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  @ApiErrorResponses(400, 401, 403)
  createToken(@CurrentActor() actor: Actor, @Body() body: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    return this.auth.createToken(actor, body.name, body.expiresInDays);
  }

  @Get('tokens')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'My API tokens' })
  @ApiOkResponse({ type: ApiTokenPageDto })
  @ApiErrorResponses(401)
  async listTokens(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<ApiTokenPageDto> {
    return pageOf(await this.auth.listTokens(actor), query);
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke one of my API tokens' })
  @ApiNoContentResponse()
  @ApiErrorResponses(400, 401, 404)
  revokeToken(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.auth.revokeToken(actor, id);
  }
}
