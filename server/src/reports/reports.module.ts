import { Module } from '@nestjs/common';
import { MetricsQuery } from './metrics.query';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsController],
  providers: [MetricsQuery, ReportsService],
})
export class ReportsModule {}
