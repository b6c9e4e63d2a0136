import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { ExtensionService } from './extension.service';
import { ExtensionsController } from './extensions.controller';
import { TaskCommandService } from './task-command.service';
import { TaskCreateService } from './task-create.service';
import { TaskImportController } from './task-import.controller';
import { TaskImportService } from './task-import.service';
import { TaskListReader } from './task-list.reader';
import { TaskQueryService } from './task-query.service';
import { TasksController } from './tasks.controller';

@Module({
  imports: [NotificationsModule],
  controllers: [TaskImportController, TasksController, ExtensionsController],
  providers: [
    TaskQueryService,
    TaskCommandService,
    ExtensionService,
    TaskListReader,
    TaskCreateService,
    TaskImportService,
  ],
  exports: [TaskQueryService],
})
export class TasksModule {}
