import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ATTACHMENT_KINDS } from '@luoshi/attachments';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import type { Actor } from '../auth/actor.types';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { PageQueryDto, pageOf } from '../common/paging';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { AttachmentDto, AttachmentPageDto } from './attachment.dto';
import { readAttachmentUpload } from './attachment-upload.util';
import { AttachmentsService } from './attachments.service';

const UPLOAD_BODY = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: {
      file: {
        type: 'string',
        format: 'binary',
        description:
          'PDF, Word/WPS (.doc/.docx/.wps), Excel (.xls/.xlsx/.et), PowerPoint (.pptx), OFD, PNG/JPEG or plain text, told by content; up to ATTACHMENTS_MAX_BYTES (20 MB)',
      },
      progressUpdateId: { type: 'integer', description: 'Attach to this progress update of the task' },
    },
  },
};

/** Every type a download may carry: what the allowed kinds' bytes are. */
const DOWNLOAD_TYPES = Object.fromEntries(
  [...new Set(Object.values(ATTACHMENT_KINDS).map((k) => k.contentType))].map((type) => [
    type,
    { schema: { type: 'string', format: 'binary' } },
  ]),
);

@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(
    private readonly attachments: AttachmentsService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Post('tasks/:id/attachments')
  @ApiOperation({ summary: 'Attach a file to a task or one of its progress updates (上传附件)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiErrorResponses(400, 401, 403, 404, 413, 415, 422)
  upload(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
  ): Promise<AttachmentDto> {
    return this.attachments.upload(actor, id, () => readAttachmentUpload(request, this.config.attachments.maxBytes));
  }

  @Get('tasks/:id/attachments')
  @ApiOperation({ summary: "A task's attached files, oldest first (附件列表)" })
  @ApiOkResponse({ type: AttachmentPageDto })
  @ApiErrorResponses(400, 401, 404)
  async list(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: PageQueryDto,
  ): Promise<AttachmentPageDto> {
    return pageOf(await this.attachments.list(actor, id), query);
  }

  @Get('attachments/:id/download')
  @ApiOperation({ summary: 'Download an attached file, always as a download (下载附件)' })
  @ApiResponse({ status: 200, description: 'The file, typed as what its bytes are', content: DOWNLOAD_TYPES })
  @ApiErrorResponses(400, 401, 404)
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.attachments.download(actor, id);
    await reply.status(200).headers(file.headers).send(file.bytes);
  }

  @Delete('attachments/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an attached file: its uploader, a supervisor over the task, an admin (删除附件)' })
  @ApiNoContentResponse()
  @ApiErrorResponses(400, 401, 403, 404)
  remove(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.attachments.remove(actor, id);
  }
}
