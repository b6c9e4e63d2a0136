import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.types';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import {
  IngestResponseDto,
  ParsePreviewDto,
  RelinkResponseDto,
  ReportDetailDto,
  ReportDetailQueryDto,
  ReportListQueryDto,
  ReportPageDto,
  ReportUploadDto,
} from './report.dto';
import { readReportInput } from './report-input.util';
import { ReportsService } from './reports.service';

const UPLOAD_BODY = {
  schema: {
    oneOf: [
      { $ref: getSchemaPath(ReportUploadDto) },
      {
        type: 'object',
        required: ['file'],
        properties: {
          file: {
            type: 'string',
            format: 'binary',
            description:
              'Text or HTML (UTF-8/GBK/GB18030/UTF-16), Word (.docx, .doc, .wps) or a PDF with a text layer, up to 5 MB',
          },
          bureauId: { type: 'integer' },
          parentBureauId: { type: 'integer' },
          confirmBureau: { type: 'boolean' },
          reportYear: { type: 'integer' },
          planYear: { type: 'integer' },
          sourceUrl: { type: 'string' },
        },
      },
    ],
  },
};

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(ReportUploadDto)
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @ApiOperation({
    summary: 'Upload a report: it and all its plan items are stored as tasks in one transaction (上传年报)',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiCreatedResponse({ type: IngestResponseDto, description: 'Stored, with its plan items as tasks' })
  @ApiOkResponse({ type: IngestResponseDto, description: 'Already stored for this bureau (status "duplicate")' })
  @ApiErrorResponses(400, 401, 403, 409, 413, 415, 422, 503)
  async upload(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IngestResponseDto> {
    const result = await this.reports.ingest(actor, await readReportInput(request));
    void reply.status(result.status === 'duplicate' ? 200 : 201);
    return result;
  }

  @Post('preview')
  @ApiOperation({ summary: 'Parse a report without saving it, to check before confirming (预览)' })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiOkResponse({ type: ParsePreviewDto })
  @ApiErrorResponses(400, 401, 413, 415, 422, 503)
  async preview(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ParsePreviewDto> {
    void reply.status(200);
    return this.reports.preview(actor, await readReportInput(request));
  }

  @Get()
  @ApiOperation({ summary: 'Reports of the bureaus you may see, newest first' })
  @ApiOkResponse({ type: ReportPageDto })
  @ApiErrorResponses(400, 401)
  list(@CurrentActor() actor: Actor, @Query() query: ReportListQueryDto): Promise<ReportPageDto> {
    return this.reports.list(actor, query);
  }

  @Post(':id/relink')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Re-run progress linking of this report with its neighbouring years now (supervisors, admins)',
  })
  @ApiOkResponse({ type: RelinkResponseDto })
  @ApiErrorResponses(400, 401, 403, 404)
  relink(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: number): Promise<RelinkResponseDto> {
    return this.reports.relink(actor, id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One report: metadata, sections, warnings (and its text with ?include=text)' })
  @ApiOkResponse({ type: ReportDetailDto })
  @ApiErrorResponses(400, 401, 404)
  detail(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: ReportDetailQueryDto,
  ): Promise<ReportDetailDto> {
    return this.reports.detail(actor, id, query.include === 'text');
  }
}
