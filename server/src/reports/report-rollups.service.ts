import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { GROUP_COLUMNS, SUM_FIELDS } from './metrics.query';

const STAT_KEYS = ['community_id', 'month', ...GROUP_COLUMNS];
const MINUTE_KEYS = ['community_id', 'month', 'resolution', 'staff_id', 'minutes'];

/**
 * Moves the report roll-ups' pending rows — appended by the triggers on `cases` (migration
 * 1765324800000) — into their compacted tables, one row per key, so that reports keep reading a
 * few rows per month however many cases were written. Reports are right whether or not this has
 * run (they read both tables); it only keeps them fast. Each table is compacted in one statement
 * (delete the pending rows, add their sums to the compacted rows) in its own transaction, so a
 * report's snapshot sees every delta exactly once; an advisory lock keeps two replicas from
 * compacting at the same time.
 */
@Injectable()
export class ReportRollupsService {
  private readonly logger = new Logger(ReportRollupsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Interval('report-rollups', 60_000)
  async tick(): Promise<void> {
    if (!this.config.sweepEnabled) return;
    try {
      await this.compact();
    } catch (error) {
      this.logger.error(`roll-up compaction failed: ${(error as Error).stack}`);
    }
  }

  /** Compacts both roll-ups; see compactReportRollups. */
  compact(): Promise<number | null> {
    return compactReportRollups(this.db);
  }
}

/** Moves the pending roll-up rows into the compacted tables; their number, or null when another instance is at it. */
export function compactReportRollups(db: DataSource): Promise<number | null> {
  return db.transaction(async (tx) => {
    const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock(hashtextextended('report-rollups-compaction', 0)) AS locked`);
    if (!locked) return null;
    const stats = await tx.query(compactSql('report_month_stats', STAT_KEYS, SUM_FIELDS));
    const minutes = await tx.query(compactSql('report_month_minutes', MINUTE_KEYS, ['n']));
    // Keys whose cases all moved away (n = 0 means every other sum is 0 too).
    await tx.query('DELETE FROM report_month_stats WHERE n = 0');
    await tx.query('DELETE FROM report_month_minutes WHERE n = 0');
    return Number(stats[0]?.moved ?? 0) + Number(minutes[0]?.moved ?? 0);
  });
}

function compactSql(table: string, keys: string[], sums: string[]): string {
  return `
    WITH moved AS (DELETE FROM ${table}_pending RETURNING *),
    summed AS (
      INSERT INTO ${table} (${keys.join(', ')}, ${sums.join(', ')})
      SELECT ${keys.join(', ')}, ${sums.map((f) => `sum(${f})`).join(', ')} FROM moved
      GROUP BY ${keys.join(', ')} ORDER BY ${keys.join(', ')}
      ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${sums.map((f) => `${f} = ${table}.${f} + excluded.${f}`).join(', ')}
      RETURNING 1)
    SELECT (SELECT count(*) FROM moved) AS moved`;
}
