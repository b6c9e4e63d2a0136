import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { Actor } from '../auth/actor.types';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { ExtensionService } from './extension.service';
import { ExtensionDecisionDto, ExtensionDto, ExtensionListQueryDto, ExtensionPageDto } from './task.dto';
import { pageOf } from '../common/paging';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('extensions')
export class ExtensionsController {
  constructor(private readonly extensions: ExtensionService) {}

  @Get()
  @ApiOperation({ summary: 'Extension requests of tasks you may see (延期申请列表)' })
  @ApiOkResponse({ type: ExtensionPageDto })
  @ApiErrorResponses(400, 401)
  async list(@CurrentActor() actor: Actor, @Query() query: ExtensionListQueryDto): Promise<ExtensionPageDto> {
    return pageOf(await this.extensions.list(actor, query.status), query);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve or reject an extension request (supervisors; 延期审核)' })
  @ApiOkResponse({ type: ExtensionDto })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  decide(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: ExtensionDecisionDto,
  ): Promise<ExtensionDto> {
    return this.extensions.decide(actor, id, body);
  }
}
