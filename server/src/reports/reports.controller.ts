import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { CaseLedgerService } from './ledger/case-ledger.service';
import { CONTENT_TYPES } from './render/render-summary';
import { MetricsQueryDto, SaveTargetsDto, WorkSummaryQueryDto } from './reports.dto';
import { ReportsService } from './reports.service';

const XLSX = CONTENT_TYPES.xlsx;
const attachment = (asciiName: string, fileName: string) =>
  `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

@ApiTags('reports') @ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService, private readonly ledger: CaseLedgerService) {}

  @Get('metrics')
  metrics(@CurrentUser() user: AuthUser, @Query() query: MetricsQueryDto) {
    return this.reports.metrics(user, query);
  }

  @Get('work-summary')
  @ApiProduces(...Object.values(CONTENT_TYPES).map((type) => type.split(';')[0]))
  async workSummary(@CurrentUser() user: AuthUser, @Query() query: WorkSummaryQueryDto, @Res() res: Response) {
    const doc = await this.reports.workSummary(user, query);
    res.setHeader('Content-Type', doc.contentType);
    res.setHeader('Content-Disposition', attachment(doc.asciiName, doc.fileName));
    res.send(doc.body);
  }

  /** 工单台账: every case created in the period, one row each, as an Excel workbook streamed as it is read. */
  @Get('case-ledger')
  @ApiProduces(XLSX)
  async caseLedger(@CurrentUser() user: AuthUser, @Query() query: MetricsQueryDto, @Res() res: Response) {
    const ledger = await this.ledger.open(user, query);
    res.setHeader('Content-Type', XLSX);
    res.setHeader('Content-Disposition', attachment(ledger.asciiName, ledger.fileName));
    res.setHeader('X-Total-Count', String(ledger.total));
    // Once streaming, an error can no longer become a JSON answer: cut the download short (the file
    // then fails to open) and let the filter log it.
    await ledger.write(res).catch((error: unknown) => {
      res.destroy();
      throw error;
    });
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
