import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { Actor } from '../auth/actor.types';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import {
  BureauDto,
  BureauPageDto,
  BureauMergeResultDto,
  BureauUsageDto,
  CreateBureauDto,
  MergeBureauDto,
  UpdateBureauDto,
} from './bureau.dto';
import { BureausService } from './bureaus.service';
import { LookupPageQueryDto, MAX_LOOKUP_PAGE_SIZE, pageOf } from '../common/paging';

@ApiTags('bureaus')
@ApiBearerAuth()
@Controller('bureaus')
export class BureausController {
  constructor(private readonly bureaus: BureausService) {}

  @Get()
  @ApiOperation({ summary: 'Bureaus you may see (单位列表)' })
  @ApiOkResponse({ type: BureauPageDto })
  @ApiErrorResponses(400, 401)
  async list(@CurrentActor() actor: Actor, @Query() query: LookupPageQueryDto): Promise<BureauPageDto> {
    return pageOf(await this.bureaus.list(actor), query, MAX_LOOKUP_PAGE_SIZE);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One bureau' })
  @ApiOkResponse({ type: BureauDto })
  @ApiErrorResponses(400, 401, 404)
  detail(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: number): Promise<BureauDto> {
    return this.bureaus.detail(actor, id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a bureau (admins)' })
  @ApiCreatedResponse({ type: BureauDto })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  create(@CurrentActor() actor: Actor, @Body() body: CreateBureauDto): Promise<BureauDto> {
    return this.bureaus.create(actor, body);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Rename, move in the hierarchy (a cycle is 422), or change aliases (admins; supervisors within their subtree), audited',
  })
  @ApiOkResponse({ type: BureauDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 422)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: UpdateBureauDto,
  ): Promise<BureauDto> {
    return this.bureaus.update(actor, id, body);
  }

  @Get(':id/usage')
  @ApiOperation({ summary: 'What references a bureau, by kind (admins; supervisors within their subtree)' })
  @ApiOkResponse({ type: BureauUsageDto })
  @ApiErrorResponses(400, 401, 403, 404)
  usage(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: number): Promise<BureauUsageDto> {
    return this.bureaus.usage(actor, id);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Merge a duplicate bureau into another (admins): everything moves to intoId in one transaction, its name becomes an alias, it is deleted; audited',
  })
  @ApiOkResponse({ type: BureauMergeResultDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 422)
  merge(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: MergeBureauDto,
  ): Promise<BureauMergeResultDto> {
    return this.bureaus.merge(actor, id, body);
  }
}
