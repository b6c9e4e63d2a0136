import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { TaskNotifier } from './task-notifier.service';

@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, TaskNotifier],
  exports: [TaskNotifier],
})
export class NotificationsModule {}
