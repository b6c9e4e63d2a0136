import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.types';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { BureauDto, CreateBureauDto, UpdateBureauDto } from './bureau.dto';
import { BureausService } from './bureaus.service';

@ApiTags('bureaus')
@ApiBearerAuth()
@Controller('bureaus')
export class BureausController {
  constructor(private readonly bureaus: BureausService) {}

  @Get()
  @ApiOperation({ summary: 'Bureaus you may see (单位列表)' })
  @ApiOkResponse({ type: [BureauDto] })
  @ApiErrorResponses(401)
  list(@CurrentActor() actor: Actor): Promise<BureauDto[]> {
    return this.bureaus.list(actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One bureau' })
  @ApiOkResponse({ type: BureauDto })
  @ApiErrorResponses(400, 401, 404)
  detail(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number): Promise<BureauDto> {
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
  @ApiOperation({ summary: 'Rename, move in the hierarchy, or change aliases (admins)' })
  @ApiOkResponse({ type: BureauDto })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateBureauDto,
  ): Promise<BureauDto> {
    return this.bureaus.update(actor, id, body);
  }
}
