import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({ imports: [TasksModule], controllers: [ExportsController], providers: [ExportsService] })
export class ExportsModule {}
