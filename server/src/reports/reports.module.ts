import { Module } from '@nestjs/common';
import { MetricsQuery } from './metrics.query';
import { ReportRollupsService } from './report-rollups.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsController],
  providers: [MetricsQuery, ReportsService, ReportRollupsService],
  exports: [ReportRollupsService],
})
export class ReportsModule {}
