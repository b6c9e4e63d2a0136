import { Body, Controller, Get, Header, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { Actor } from '../auth/actor.types';
import { CurrentActor, FoldsIdentity, IdentityFoldOf } from '../auth/auth.decorators';
import type { IdentityFold } from '../auth/identity-fold';
import { ApiErrorResponses } from '../common/api-docs.decorators';
import { ExtensionService } from './extension.service';
import { TaskCommandService } from './task-command.service';
import { TaskCreateService } from './task-create.service';
import { TaskQueryService } from './task-query.service';
import {
  CommentDto,
  CreateTaskDto,
  ExtensionDto,
  ExtensionRequestDto,
  NewCommentDto,
  ProgressDto,
  TaskDetailDto,
  TaskListQueryDto,
  TaskPageDto,
  TransitionDto,
  UpdateTaskDto,
  VersionedDto,
  AuditEventPageDto,
} from './task.dto';
import { PageQueryDto, pageOf } from '../common/paging';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly query: TaskQueryService,
    private readonly commands: TaskCommandService,
    private readonly extensions: ExtensionService,
    private readonly creation: TaskCreateService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Make a task by hand: 交办事项, 领导批示件, an item a report missed (新建事项)',
  })
  @ApiCreatedResponse({ type: TaskDetailDto })
  @ApiErrorResponses(400, 401, 403, 422)
  create(@CurrentActor() actor: Actor, @Body() body: CreateTaskDto): Promise<TaskDetailDto> {
    return this.creation.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: 'List tasks you may see, soonest due first (任务列表)' })
  @ApiOkResponse({ type: TaskPageDto })
  @ApiErrorResponses(400, 401)
  // The body comes as JSON already (TaskQueryService.listJson); with this type Fastify sends it as it is.
  @Header('content-type', 'application/json; charset=utf-8')
  @FoldsIdentity()
  list(
    @CurrentActor() actor: Actor,
    @Query() query: TaskListQueryDto,
    @IdentityFoldOf() fold: IdentityFold | undefined,
  ): Promise<Buffer | string> {
    return this.query.listJson(actor, query, fold);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One task with children, progress, comments, extensions, reminders and evidence (任务详情)',
  })
  @ApiOkResponse({ type: TaskDetailDto })
  @ApiErrorResponses(400, 401, 404)
  detail(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: number): Promise<TaskDetailDto> {
    return this.query.detail(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Assign a task to a user of its bureau (指派)' })
  @ApiOkResponse({ type: TaskDetailDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 422)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: UpdateTaskDto,
  ): Promise<TaskDetailDto> {
    return this.commands.update(actor, id, body);
  }

  @Post(':id/transitions')
  @ApiOperation({ summary: 'Change status along the workflow (状态流转: 申请销号, 销号, 退回, 不再推进 …)' })
  @ApiCreatedResponse({ type: TaskDetailDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 422)
  transition(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: TransitionDto,
  ): Promise<TaskDetailDto> {
    return this.commands.transition(actor, id, body);
  }

  @Post(':id/progress')
  @ApiOperation({ summary: 'Record progress: percent, note, evidence, optional status change (进展)' })
  @ApiCreatedResponse({ type: TaskDetailDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 422)
  progress(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: ProgressDto,
  ): Promise<TaskDetailDto> {
    return this.commands.progress(actor, id, body);
  }

  @Post(':id/accept-evidence')
  @ApiOperation({
    summary: "One click: use the follow-up report's evidence to ask for closure (staff) or sign off (supervisors)",
  })
  @ApiCreatedResponse({ type: TaskDetailDto })
  @ApiErrorResponses(400, 401, 403, 404, 409)
  acceptEvidence(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: VersionedDto,
  ): Promise<TaskDetailDto> {
    return this.commands.acceptEvidence(actor, id, body.version);
  }

  @Post(':id/comments')
  @ApiOperation({ summary: 'Comment on a task (评论/督办意见)' })
  @ApiCreatedResponse({ type: CommentDto })
  @ApiErrorResponses(400, 401, 404)
  comment(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: NewCommentDto,
  ): Promise<CommentDto> {
    return this.commands.comment(actor, id, body);
  }

  @Get(':id/audit')
  @ApiOperation({ summary: 'Every change to the task: who, when, field, before → after (审计记录)' })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiErrorResponses(400, 401, 404)
  async audit(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: PageQueryDto,
  ): Promise<AuditEventPageDto> {
    return pageOf(await this.query.audit(actor, id), query);
  }

  @Post(':id/extensions')
  @ApiOperation({ summary: 'Ask to move the due date, before it passes (延期申请)' })
  @ApiCreatedResponse({ type: ExtensionDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 422)
  requestExtension(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: ExtensionRequestDto,
  ): Promise<ExtensionDto> {
    return this.extensions.request(actor, id, body);
  }
}
