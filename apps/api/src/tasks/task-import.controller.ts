import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.types';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrorResponses, ApiFileResponse } from '../common/api-docs.decorators';
import { LedgerImportDto, LedgerPreviewDto } from './task-import.dto';
import { TaskImportService } from './task-import.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const LEDGER_BODY = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: {
      file: {
        type: 'string',
        format: 'binary',
        description: '督办台账 .xlsx (≤ 2 MB, ≤ 1000 rows): columns 事项/工作任务, 牵头单位, 配合单位, 完成时限, 目标',
      },
      bureauId: { type: 'integer', description: 'The bureau to file the tasks under (default: your own)' },
      onlyValid: { type: 'boolean', description: 'Import the rows without problems and leave out the others' },
    },
  },
};

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks/import')
export class TaskImportController {
  constructor(private readonly imports: TaskImportService) {}

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Read a 督办台账 (XLSX) and show its rows with their problems; nothing saved (台账预览)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(LEDGER_BODY)
  @ApiOkResponse({ type: LedgerPreviewDto })
  @ApiErrorResponses(400, 401, 403, 413, 415, 422)
  async preview(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<LedgerPreviewDto> {
    return this.imports.preview(actor, await this.imports.readUpload(request));
  }

  @Post()
  @ApiOperation({
    summary: 'Import a 督办台账 (XLSX) as tasks in one transaction: every row, or only the valid ones (台账导入)',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(LEDGER_BODY)
  @ApiCreatedResponse({ type: LedgerImportDto })
  @ApiErrorResponses(400, 401, 403, 413, 415, 422)
  async commit(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<LedgerImportDto> {
    return this.imports.commit(actor, await this.imports.readUpload(request));
  }

  @Get('template.xlsx')
  @ApiOperation({ summary: 'An empty 督办台账 with the columns the import reads' })
  @ApiFileResponse(XLSX_TYPE, 'XLSX file')
  @ApiErrorResponses(401)
  async template(@Res() reply: FastifyReply): Promise<void> {
    await reply
      .header('content-type', XLSX_TYPE)
      .header('content-disposition', 'attachment; filename="luoshi-ledger-template.xlsx"')
      .send(await this.imports.template());
  }
}
