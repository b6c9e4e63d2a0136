import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@luoshi/config';
import { DbModule } from '@luoshi/db';
import { LoggingModule, RedisModule } from '@luoshi/platform';
import { LinkingWorker } from './linking/linking.worker';
import { RemindersWorker } from './reminders/reminders.worker';
import { WorkerHeartbeatService } from './worker-heartbeat.service';

/** Root module of the worker process: BullMQ consumers only, no HTTP server. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, DbModule, RedisModule],
      providers: [WorkerHeartbeatService, LinkingWorker, RemindersWorker],
    };
  }
}
