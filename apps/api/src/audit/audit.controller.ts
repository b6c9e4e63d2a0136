import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../auth/actor.types';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrorResponses, ApiFileResponse } from '../common/api-docs.decorators';
import {
  AuditQueryDto,
  CommitmentAuditDto,
  DecisionDto,
  FollowThroughDto,
  LineageDto,
  LineageQueryDto,
  ProblemCoverageDto,
  CommitmentAuditPageDto,
  CommitmentQueryDto,
} from './audit.dto';
import { AuditService } from './audit.service';
import { pageOf } from '../common/paging';

@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit/follow-through')
  @ApiOperation({
    summary:
      'Follow-through per bureau (sub-bureaus included): commitments, evidenced, partial, not found, carried over, targets, rate (落实率, a partial commitment counts as half) and evidencedRate (完全落实率)',
  })
  @ApiOkResponse({ type: FollowThroughDto })
  @ApiErrorResponses(400, 401)
  followThrough(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto): Promise<FollowThroughDto> {
    return this.audit.followThrough(actor, query);
  }

  @Get('audit/commitments')
  @ApiOperation({ summary: 'Each commitment beside its evidence, with terms to highlight (逐项核查)' })
  @ApiOkResponse({ type: CommitmentAuditPageDto })
  @ApiErrorResponses(400, 401)
  async commitments(@CurrentActor() actor: Actor, @Query() query: CommitmentQueryDto): Promise<CommitmentAuditPageDto> {
    return pageOf(await this.audit.commitments(actor, query), query);
  }

  @Post('audit/outcomes/:id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm or reject a link (supervisors); kept when linking runs again' })
  @ApiOkResponse({ type: CommitmentAuditDto })
  @ApiErrorResponses(400, 401, 403, 404)
  decide(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: DecisionDto,
  ): Promise<CommitmentAuditDto> {
    return this.audit.decide(actor, id, body);
  }

  @Get('audit/lineage')
  @ApiOperation({
    summary: 'Promises restated year after year (年年提), with the age of the oldest still open per bureau',
  })
  @ApiOkResponse({ type: LineageDto })
  @ApiErrorResponses(400, 401)
  lineage(@CurrentActor() actor: Actor, @Query() query: LineageQueryDto): Promise<LineageDto> {
    return this.audit.lineage(actor, query.bureauId);
  }

  @Get('reports/:id/problems-coverage')
  @ApiOperation({
    summary: "Which of the report's named problems (存在问题) its plan answers, and which it leaves unanswered",
  })
  @ApiOkResponse({ type: [ProblemCoverageDto] })
  @ApiErrorResponses(400, 401, 404)
  problemsCoverage(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: number): Promise<ProblemCoverageDto[]> {
    return this.audit.problemsCoverage(actor, id);
  }

  @Get('audit/scorecard.xlsx')
  @ApiOperation({ summary: "Follow-through scorecard as a workbook, citing both years' paragraphs (法治督察)" })
  @ApiFileResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX file')
  @ApiErrorResponses(400, 401)
  async scorecardXlsx(
    @CurrentActor() actor: Actor,
    @Query() query: AuditQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const body = await this.audit.scorecard(actor, query, 'xlsx');
    await reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="luoshi-scorecard.xlsx"')
      .send(body);
  }

  @Get('audit/scorecard.html')
  @ApiOperation({ summary: 'Printable follow-through scorecard' })
  @ApiFileResponse('text/html', 'HTML page')
  @ApiErrorResponses(400, 401)
  async scorecardHtml(
    @CurrentActor() actor: Actor,
    @Query() query: AuditQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await reply
      .header('content-type', 'text/html; charset=utf-8')
      .send(await this.audit.scorecard(actor, query, 'html'));
  }

  @Get('audit/draft.html')
  @ApiOperation({
    summary:
      "Draft table 上年度工作安排落实情况 to paste into the next report: each commitment of the plan year (every plan year when none is named) with the next report's evidence where linked, otherwise the task's status and latest progress note, and the source (来源)",
  })
  @ApiFileResponse('text/html', 'HTML page')
  @ApiErrorResponses(400, 401)
  async draft(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto, @Res() reply: FastifyReply): Promise<void> {
    await reply.header('content-type', 'text/html; charset=utf-8').send(await this.audit.draft(actor, query));
  }
}
