import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@luoshi/config';
import { DbModule } from '@luoshi/db';
import { LoggingModule, RedisModule } from '@luoshi/platform';
import { ApiTokensModule } from './api-tokens/api-tokens.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BureausModule } from './bureaus/bureaus.module';
import { CalendarAdminModule } from './calendar-admin/calendar-admin.module';
import { ChannelsModule } from './channels/channels.module';
import { RepositoriesModule } from './db/repositories.module';
import { ExportsModule } from './exports/exports.module';
import { HealthModule } from './health/health.module';
import { LinkingModule } from './linking/linking.module';
import { NotificationsModule } from './notifications/notifications.module';
import { QueuesModule } from './queues/queues.module';
import { RemindersModule } from './reminders/reminders.module';
import { ReportsModule } from './reports/reports.module';
import { ScopeModule } from './scope/scope.module';
import { TasksModule } from './tasks/tasks.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DbModule,
        RedisModule,
        RepositoriesModule,
        QueuesModule,
        LinkingModule,
        ScopeModule,
        CalendarAdminModule,
        AuthModule,
        HealthModule,
        BureausModule,
        UsersModule,
        ReportsModule,
        TasksModule,
        AttachmentsModule,
        ExportsModule,
        AuditModule,
        RemindersModule,
        NotificationsModule,
        ChannelsModule,
        ApiTokensModule,
      ],
    };
  }
}
