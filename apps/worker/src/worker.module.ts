import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@luoshi/config';
import { DbModule } from '@luoshi/db';
import { LoggingModule, RedisModule } from '@luoshi/platform';
import { LinkingProcessor } from './linking/linking.processor';
import { RemindersProcessor } from './reminders/reminders.processor';
import { WorkerHeartbeatService } from './worker-heartbeat.service';

/** Root module of the worker process: BullMQ consumers only, no HTTP server. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, DbModule, RedisModule],
      providers: [WorkerHeartbeatService, LinkingProcessor, RemindersProcessor],
    };
  }
}
