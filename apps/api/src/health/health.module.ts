import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RedisHealthIndicator, WorkersHealthIndicator } from '@luoshi/platform';
import { AttachmentStoreModule } from '../attachments/attachment-store.module';
import { AuthModule } from '../auth/auth.module';
import { CalendarAdminModule } from '../calendar-admin/calendar-admin.module';
import { AttachmentStoreHealthIndicator } from './attachment-store.health';
import { CalendarHealthIndicator } from './calendar.health';
import { HealthController } from './health.controller';
import { QueuesHealthIndicator } from './queues.health';
import { SweepHealthIndicator } from './sweep.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), AuthModule, CalendarAdminModule, AttachmentStoreModule],
  controllers: [HealthController],
  providers: [
    RedisHealthIndicator,
    WorkersHealthIndicator,
    QueuesHealthIndicator,
    SweepHealthIndicator,
    CalendarHealthIndicator,
    AttachmentStoreHealthIndicator,
  ],
})
export class HealthModule {}
