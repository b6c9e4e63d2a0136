import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.types';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { PageQueryDto, pageOf } from '../common/paging';
import { AdminApiTokenPageDto } from './api-token-admin.dto';
import { ApiTokensService } from './api-tokens.service';

@ApiTags('api-tokens')
@ApiBearerAuth()
@Controller('api-tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @ApiOperation({
    summary:
      'Every personal API token (owner, name, created, last used, expiry; never the secret): admins all, supervisors their bureaus’ users',
  })
  @ApiOkResponse({ type: AdminApiTokenPageDto })
  @ApiErrorResponses(400, 401, 403)
  async list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<AdminApiTokenPageDto> {
    return pageOf(await this.tokens.list(actor), query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke anyone’s API token at once (admins; supervisors for their bureaus’ users), audited',
  })
  @ApiNoContentResponse()
  @ApiErrorResponses(400, 401, 403, 404)
  revoke(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.tokens.revoke(actor, id);
  }
}
