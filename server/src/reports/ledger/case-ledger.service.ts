import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { AppException } from '../../common/app.exception';
import { Clock } from '../../common/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app.config';
import type { ReportScope } from '../metrics.query';
import { addDays, parsePeriod, shanghaiDate, shanghaiTimeLabel, type ReportPeriod } from '../report-period';
import type { MetricsQueryDto } from '../reports.dto';
import { ReportsService } from '../reports.service';
import { countLedger, readLedgerBatch, type LedgerRow } from './case-ledger.query';

/** Cases read per statement. */
const BATCH = 1000;

export interface LedgerExport {
  /** 工单台账-{scope}-{from}至{last day}.xlsx, and an ASCII name for clients that cannot read the other. */
  fileName: string;
  asciiName: string;
  total: number;
  /** Streams the workbook; resolves with the number of cases written. */
  write: (out: Writable) => Promise<number>;
}

/**
 * The case ledger (工单台账): every case created in a period, one row each with its facts, for the
 * records a property company keeps and hands in beside the work summary. Same access and scope as
 * the reports (supervisors their communities, admins all); a period holding more cases than
 * `reports.ledgerMaxRows` is refused before anything is written, with the count.
 */
@Injectable()
export class CaseLedgerService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: ReportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async open(user: AuthUser, dto: MetricsQueryDto): Promise<LedgerExport> {
    const requested = parsePeriod(dto.from, dto.to);
    const { scope, name } = await this.reports.resolveScope(user, dto.communityId);
    // A period not over yet (本月) holds the cases up to now: the file says up to today, and when —
    // and holds what was submitted before that moment only, so its count (X-Total-Count) stays its
    // rows while owners submit during the export (but for a submission stamped before that moment and
    // committed after the count: the length of one submission's transaction).
    const now = this.clock.now();
    const running = now > requested.start && now < requested.end;
    // A period not begun (its first instant included, as the work summary says) holds nothing.
    const period = now < requested.end ? { ...requested, end: now <= requested.start ? requested.start : now } : requested;
    const total = await countLedger(this.db, period, scope);
    const limit = this.config.reports.ledgerMaxRows;
    if (total > limit) {
      throw new AppException('LEDGER_TOO_LARGE', { total, limit },
        `所选期间共 ${total} 件工单，超过单次导出上限 ${limit} 件，请缩短统计期间或选择单个小区`);
    }
    const last = running ? shanghaiDate(now) : addDays(period.to, -1);
    const note = running ? `，截至${shanghaiTimeLabel(now)}` : now <= requested.start ? '，本期尚未开始' : '';
    // The first batch is read before the caller starts the file: a failure there is still an answer
    // with a status and a code, not a download cut short.
    const first = await readLedgerBatch(this.db, period, scope, null, BATCH);
    return {
      fileName: `工单台账-${name.replace(/[\\/:*?"<>|]/g, '_')}-${period.from}至${last}.xlsx`,
      asciiName: `case-ledger-${period.from}-${last}.xlsx`,
      total,
      // exceljs is loaded at the first export, not at start (as the work summary's renderers are).
      write: async (out) => (await import('./ledger-xlsx')).writeLedgerXlsx(out, `${name}工单台账（${period.from}至${last}${note}）`,
        this.batches(period, scope, first)),
    };
  }

  /**
   * The period's cases, BATCH at a time, oldest first, from the `first` batch on. The next batch is
   * asked for before this one is handed on, so PostgreSQL reads it while the workbook is written (on
   * the embedded database, in the same thread, the order of work is all that changes).
   */
  private async *batches(period: ReportPeriod, scope: ReportScope, first: LedgerRow[]): AsyncGenerator<LedgerRow[]> {
    let rows: LedgerRow[] | null = first;
    let pending: Promise<LedgerRow[]> | null = null;
    try {
      while (rows) {
        const last: LedgerRow = rows[rows.length - 1];
        pending = rows.length < BATCH ? null : readLedgerBatch(this.db, period, scope, { cursor: last.cursor, id: last.id }, BATCH);
        if (rows.length) yield rows;
        rows = pending ? await pending : null;
        pending = null;
      }
    } finally {
      // The writing stopped early (the client went away): the batch read ahead is not waited for,
      // and its failure, if any, must not become an unhandled rejection.
      pending?.catch(() => undefined);
    }
  }
}
