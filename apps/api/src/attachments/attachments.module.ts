import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { AttachmentStoreModule } from './attachment-store.module';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';

@Module({
  imports: [TasksModule, AttachmentStoreModule],
  controllers: [AttachmentsController],
  providers: [AttachmentsService],
})
export class AttachmentsModule {}
