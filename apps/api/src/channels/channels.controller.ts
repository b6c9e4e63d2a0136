import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { Actor } from '../auth/actor.types';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { ChannelDto, ChannelPageDto, ChannelTestResultDto, CreateChannelDto, UpdateChannelDto } from './channels.dto';
import { ChannelsService } from './channels.service';
import { PageQueryDto, pageOf } from '../common/paging';

@ApiTags('channels')
@ApiBearerAuth()
@Controller('channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @ApiOperation({
    summary: "Chat channels the caller sees: their own, and their bureaus' group robots — 消息渠道",
  })
  @ApiOkResponse({ type: ChannelPageDto })
  @ApiErrorResponses(400, 401)
  async list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<ChannelPageDto> {
    return pageOf(await this.channels.list(actor), query);
  }

  @Post()
  @ApiOperation({
    summary:
      "Add a DingTalk, WeCom or Feishu robot or a signed webhook: the caller's own, or a bureau's (supervisors, admins); URL and secret stored sealed; audited",
  })
  @ApiCreatedResponse({ type: ChannelDto })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  create(@CurrentActor() actor: Actor, @Body() body: CreateChannelDto): Promise<ChannelDto> {
    return this.channels.create(actor, body);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Rename, pause (mode off), switch to a daily digest, or replace the URL or secret; audited',
  })
  @ApiOkResponse({ type: ChannelDto })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: UpdateChannelDto,
  ): Promise<ChannelDto> {
    return this.channels.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a channel (its posts go with it); audited' })
  @ApiNoContentResponse()
  @ApiErrorResponses(400, 401, 403, 404)
  remove(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.channels.remove(actor, id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Post a test message now (发送测试消息): 422 with the platform's reason when refused, 502 when unreachable",
  })
  @ApiOkResponse({ type: ChannelTestResultDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 422, 502)
  test(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: number): Promise<ChannelTestResultDto> {
    return this.channels.test(actor, id);
  }
}
