import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { MuteLinkService } from './mute-link.service';
import { RemindersController } from './reminders.controller';

@Module({ imports: [TasksModule], controllers: [RemindersController], providers: [MuteLinkService] })
export class RemindersModule {}
