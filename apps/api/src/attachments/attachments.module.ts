import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { ATTACHMENT_STORE_PROVIDER } from './attachment-store.provider';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';

@Module({
  imports: [TasksModule],
  controllers: [AttachmentsController],
  providers: [AttachmentsService, ATTACHMENT_STORE_PROVIDER],
})
export class AttachmentsModule {}
