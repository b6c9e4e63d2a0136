import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { RemindersController } from './reminders.controller';

@Module({ imports: [TasksModule], controllers: [RemindersController] })
export class RemindersModule {}
