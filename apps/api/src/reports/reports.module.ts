import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportParsePool } from './parse/report-parse.pool';
import { ReportsService } from './reports.service';

@Module({ controllers: [ReportsController], providers: [ReportsService, ReportParsePool] })
export class ReportsModule {}
