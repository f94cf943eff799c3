import { Module } from '@nestjs/common';
import { CaseLedgerService } from './ledger/case-ledger.service';
import { MetricsQuery } from './metrics.query';
import { ReportRollupsService } from './report-rollups.service';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsController],
  providers: [MetricsQuery, ReportsService, ReportRollupsService, CaseLedgerService],
  exports: [ReportRollupsService],
})
export class ReportsModule {}
