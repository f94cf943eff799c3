import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { MetricsQueryDto, SaveTargetsDto, WorkSummaryQueryDto } from './reports.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports') @ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('metrics')
  metrics(@CurrentUser() user: AuthUser, @Query() query: MetricsQueryDto) {
    return this.reports.metrics(user, query);
  }

  @Get('work-summary')
  @ApiProduces('text/markdown', 'text/html', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  async workSummary(@CurrentUser() user: AuthUser, @Query() query: WorkSummaryQueryDto, @Res() res: Response) {
    const doc = await this.reports.workSummary(user, query);
    res.setHeader('Content-Type', doc.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${doc.asciiName}"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`);
    res.send(doc.body);
  }

  @Get('targets')
  listTargets(@CurrentUser() user: AuthUser, @Query() query: MetricsQueryDto) {
    return this.reports.listTargets(user, query);
  }

  /** What POST without a list would save: the targets the summary of the period before suggests. */
  @Get('targets/suggested')
  suggestedTargets(@CurrentUser() user: AuthUser, @Query() query: MetricsQueryDto) {
    return this.reports.suggestedTargets(user, query);
  }

  @Post('targets')
  saveTargets(@CurrentUser() user: AuthUser, @Body() dto: SaveTargetsDto) {
    return this.reports.saveTargets(user, dto);
  }
}
