import { Module } from '@nestjs/common';
import { CalendarAdminController } from './calendar-admin.controller';
import { CalendarAdminService } from './calendar-admin.service';

@Module({
  controllers: [CalendarAdminController],
  providers: [CalendarAdminService],
  exports: [CalendarAdminService],
})
export class CalendarAdminModule {}
