import { PageOf } from '../common/paging';
import { ApiProperty } from '@nestjs/swagger';
import type { AttachmentView } from '@luoshi/db';

/** An attached file as the task page lists it. */
export class AttachmentDto {
  @ApiProperty() id: number;
  @ApiProperty() taskId: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The progress update the file belongs to, if any' })
  progressUpdateId: number | null;
  @ApiProperty({ description: 'The name as uploaded, made safe (no path, no control characters)' })
  name: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the bytes, hex' }) sha256: string;
  @ApiProperty({ description: 'What the bytes are (sniffed), and the type they are served with' })
  contentType: string;
  @ApiProperty({ nullable: true, type: Number }) uploaderId: number | null;
  @ApiProperty({ nullable: true, type: String }) uploaderName: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The bureau the uploader attached it for' })
  bureauId: number | null;
  @ApiProperty({ nullable: true, type: String }) bureauName: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ example: '/api/attachments/1/download' }) downloadUrl: string;
  @ApiProperty({ description: 'Whether you may delete it (its uploader, a supervisor over the task, an admin)' })
  canDelete: boolean;
}

export function toAttachmentDto(a: AttachmentView, canDelete: boolean): AttachmentDto {
  return {
    id: a.id,
    taskId: a.taskId,
    progressUpdateId: a.progressUpdateId,
    name: a.originalName,
    size: a.size,
    sha256: a.sha256,
    contentType: a.contentType,
    uploaderId: a.uploaderId,
    uploaderName: a.uploaderName,
    bureauId: a.bureauId,
    bureauName: a.bureauName,
    createdAt: new Date(a.createdAt).toISOString(),
    downloadUrl: `/api/attachments/${a.id}/download`,
    canDelete,
  };
}

export class AttachmentPageDto extends PageOf(AttachmentDto) {}
