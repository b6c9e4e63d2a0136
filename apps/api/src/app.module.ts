import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@luoshi/config';
import { DbModule } from '@luoshi/db';
import { LoggingModule, RedisModule } from '@luoshi/platform';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, DbModule, RedisModule, HealthModule],
    };
  }
}
