import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@luoshi/config';
import { buildDataSourceOptions } from './data-source.options';

/** The TypeORM connection for a Nest app, built from the validated configuration. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => buildDataSourceOptions(config.database),
    }),
  ],
  exports: [TypeOrmModule],
})
export class DbModule {}
