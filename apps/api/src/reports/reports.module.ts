import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportParsePool } from './parse/report-parse.pool';
import { ReportBureauService } from './report-bureau.service';
import { ReportsService } from './reports.service';

@Module({ controllers: [ReportsController], providers: [ReportsService, ReportBureauService, ReportParsePool] })
export class ReportsModule {}
