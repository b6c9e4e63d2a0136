import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@luoshi/config';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source.options';
import { withTransactionTurns } from './sqlite-transaction-turns';

/** The TypeORM connection for a Nest app, built from the validated configuration. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => buildDataSourceOptions(config.database),
      // On SQLite the process's transactions take turns on its one connection (withTransactionTurns).
      dataSourceFactory: async (options) => withTransactionTurns(new DataSource(options!)).initialize(),
    }),
  ],
  exports: [TypeOrmModule],
})
export class DbModule {}
