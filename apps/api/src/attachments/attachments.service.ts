import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  checkAttachment,
  contentDisposition,
  newStorageKey,
  sanitizeFileName,
  storeThenRecord,
  type AttachmentStore,
} from '@luoshi/attachments';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { ActivityRepository, AttachmentRepository, UnitOfWork, type Attachment, type PlanItem } from '@luoshi/db';
import type { Actor } from '../auth/actor.types';
import { ApiError, forbidden, notFound } from '../common/api-error';
import { BureauScopeService } from '../scope/bureau-scope.service';
import { TaskQueryService } from '../tasks/task-query.service';
import { toAttachmentDto, type AttachmentDto } from './attachment.dto';
import { ATTACHMENT_STORE } from './attachment-store.provider';
import type { AttachmentUpload } from './attachment-upload.util';

/** A file ready to send: its bytes and the headers that make browsers save it, never run or render it. */
export interface AttachmentDownload {
  bytes: Buffer;
  headers: Record<string, string>;
}

/**
 * Files attached to tasks: uploaded by those who report progress on the task (its bureau, the
 * bureaus taking part), seen and downloaded by those who see it, audited in the task's trail.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly attachments: AttachmentRepository,
    private readonly activity: ActivityRepository,
    private readonly query: TaskQueryService,
    private readonly scope: BureauScopeService,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Reports progress on the task: its own bureau (and admins), or a bureau taking part (配合单位). */
  private async assertCanReport(actor: Actor, task: PlanItem): Promise<void> {
    if (this.scope.canEditBureauTasks(actor, task.bureauId)) return;
    if (actor.bureauId !== null && (await this.query.participantBureaus(task.id)).includes(actor.bureauId)) return;
    throw forbidden(
      'Only the bureaus that report progress on this task attach files to it',
      '仅报送该任务进展的单位（责任单位、配合单位）可上传附件',
    );
  }

  /** The uploader, an admin, or a supervisor over the task's owning bureau. */
  private async canDelete(actor: Actor, attachment: Attachment, task: PlanItem): Promise<boolean> {
    if (actor.role === 'admin' || attachment.uploaderId === actor.userId) return true;
    return actor.role === 'supervisor' && (await this.scope.canSee(actor, task.bureauId));
  }

  /**
   * Stores one file on the task: who may is checked before the body is read (`read`), the bytes by
   * what they are; the file is written first and removed again if its row cannot be.
   */
  async upload(actor: Actor, taskId: number, read: () => Promise<AttachmentUpload>): Promise<AttachmentDto> {
    const task = await this.query.visibleTask(actor, taskId);
    await this.assertCanReport(actor, task);
    const upload = await read();
    if (upload.progressUpdateId !== null) {
      const progress = await this.activity.progressOf(task.id);
      if (!progress.some((p) => p.id === upload.progressUpdateId))
        throw new ApiError(
          422,
          'PROGRESS_NOT_FOUND',
          'progressUpdateId is not a progress update of this task',
          'progressUpdateId不是该任务的进展记录',
        );
    }
    const checked = checkAttachment(upload.bytes, sanitizeFileName(upload.fileName), this.config.attachments.maxBytes);
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    const storageKey = newStorageKey(task.id);
    const row = await storeThenRecord(this.store, storageKey, upload.bytes, () =>
      this.uow.run(async (tx) => {
        const added = await tx.attachments.add({
          taskId: task.id,
          progressUpdateId: upload.progressUpdateId,
          bureauId: actor.bureauId ?? task.bureauId,
          uploaderId: actor.userId,
          originalName: checked.fileName,
          storageKey,
          size: upload.bytes.length,
          sha256,
          contentType: checked.contentType,
        });
        await tx.activity.record([
          {
            entityType: 'plan_item',
            entityId: task.id,
            actorId: actor.userId,
            action: 'attach',
            field: 'attachment',
            after: { id: added.id, name: added.originalName, size: added.size, sha256 },
          },
        ]);
        await tx.tasks.touch(task.id);
        return added;
      }),
    );
    const view = (await this.attachments.forTask(task.id)).find((a) => a.id === row.id)!;
    return toAttachmentDto(view, true);
  }

  async list(actor: Actor, taskId: number): Promise<AttachmentDto[]> {
    const task = await this.query.visibleTask(actor, taskId);
    const views = await this.attachments.forTask(task.id);
    return Promise.all(views.map(async (a) => toAttachmentDto(a, await this.canDelete(actor, a, task))));
  }

  /** An attachment of a task the actor sees, or 404 (another bureau's file is indistinguishable from a missing one). */
  private async visible(actor: Actor, id: number): Promise<{ attachment: Attachment; task: PlanItem }> {
    const attachment = await this.attachments.findById(id);
    if (!attachment) throw notFound('Attachment');
    const task = await this.query.visibleTask(actor, attachment.taskId).catch(() => {
      throw notFound('Attachment');
    });
    return { attachment, task };
  }

  async download(actor: Actor, id: number): Promise<AttachmentDownload> {
    const { attachment } = await this.visible(actor, id);
    const bytes = await this.store.get(attachment.storageKey);
    return {
      bytes,
      headers: {
        'content-type': attachment.contentType,
        'content-disposition': contentDisposition(attachment.originalName),
        'x-content-type-options': 'nosniff',
        // Opened directly anyway, the file runs no script and reaches nothing.
        'content-security-policy': "sandbox; default-src 'none'",
        'cache-control': 'private, no-store',
        'x-download-options': 'noopen',
      },
    };
  }

  /** Removes the record (audited) and then the bytes. */
  async remove(actor: Actor, id: number): Promise<void> {
    const { attachment, task } = await this.visible(actor, id);
    if (!(await this.canDelete(actor, attachment, task)))
      throw forbidden(
        'Only the uploader, a supervisor over the task or an admin deletes an attachment',
        '仅上传人、上级督查人员或管理员可删除附件',
      );
    const removed = await this.uow.run(async (tx) => {
      if (!(await tx.attachments.remove(attachment.id))) return false;
      await tx.activity.record([
        {
          entityType: 'plan_item',
          entityId: task.id,
          actorId: actor.userId,
          action: 'detach',
          field: 'attachment',
          before: {
            id: attachment.id,
            name: attachment.originalName,
            size: attachment.size,
            sha256: attachment.sha256,
          },
        },
      ]);
      await tx.tasks.touch(task.id);
      return true;
    });
    if (!removed) throw notFound('Attachment');
    await this.store.delete(attachment.storageKey);
  }
}
