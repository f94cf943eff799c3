import 'reflect-metadata';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { feedbackFactsDrift } from '../cases/feedback-facts';
import { AccessService } from '../common/access.service';
import { Clock } from '../common/clock';
import { MetricsQuery } from '../reports/metrics.query';
import { compactReportRollups } from '../reports/report-rollups.service';
import { parsePeriod } from '../reports/report-period';
import { ReportsService } from '../reports/reports.service';
import { best, withBenchYear } from './bench-report-data';

/**
 * npm run bench:summary -- --cases 1000000 [--batch 50000] [--runs 3] [--reuse]
 *
 * Generates cases for one community over 2025 straight into the database of DATABASE_URL (use a
 * throwaway database: the rows stay) or, when it is unset, into an embedded PostgreSQL in a temporary
 * data folder; then times GET /api/reports/metrics's work for the whole year (current + previous
 * period) against one plain `SELECT count(*)` over the same rows, in the same run. With --reuse (an
 * external database only), a bench community from an earlier run with exactly that many cases is
 * measured again instead of generating a new one.
 */
const YEAR_START = '2025-01-01';
const YEAR_END = '2026-01-01';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, batch: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '3' }, reuse: { type: 'boolean', default: false } } });
  const total = Number(values.cases);
  const batch = Number(values.batch);
  const runs = Number(values.runs);
  if (!Number.isInteger(total) || total < 1 || !Number.isInteger(batch) || batch < 1) throw new Error('--cases and --batch must be positive integers');

  await withBenchYear({ total, batch, reuse: values.reuse }, async (db, communityId) => {
    // The triggers appended the generated cases to the roll-ups' pending rows; the server's job
    // compacts them every minute.
    const compactStarted = Date.now();
    const moved = await compactReportRollups(db);
    console.log(`compacted ${moved} pending roll-up rows in ${((Date.now() - compactStarted) / 1000).toFixed(1)} s`);
    await db.query('ANALYZE');
    const drift = await feedbackFactsDrift(db);
    console.log(`feedback facts on the case rows: ${drift.length} cases differ from the feedback tables`);
    if (drift.length > 0) throw new Error(`feedback facts drift, e.g. ${JSON.stringify(drift[0])}`);

    const reports = new ReportsService(db, new AccessService(), new Clock(), new MetricsQuery(db));
    const admin: AuthUser = { id: '00000000-0000-0000-0000-000000000000', role: 'admin', name: 'bench', username: null, communityIds: [] };
    const summary = () => reports.metrics(admin, { from: YEAR_START, to: YEAR_END, communityId });
    // The same rows as the report's cohort: this community, created in the period.
    const scan = () => db.query(`SELECT count(*)::int AS n FROM cases WHERE community_id = $1 AND created_at >= $2 AND created_at < $3`,
      [communityId, '2024-12-31T16:00:00Z', '2025-12-31T16:00:00Z']);

    // The whole year from the roll-ups must equal the whole year read case by case.
    const query = new MetricsQuery(db);
    const year = parsePeriod(YEAR_START, YEAR_END);
    const yearOf = (rollups: boolean) => (tx: EntityManager) => query.figures(tx, year, [communityId], new Date(), { rollups });
    const viaCases = () => query.snapshot(yearOf(false));
    const [fromRollups, fromCases] = await query.snapshot(async (tx) => [await yearOf(true)(tx), await yearOf(false)(tx)]);
    if (!isDeepStrictEqual(fromRollups, fromCases)) {
      throw new Error(`roll-ups and cases disagree:\n${JSON.stringify(fromRollups)}\n${JSON.stringify(fromCases)}`);
    }
    console.log(`figures from the roll-ups equal the figures read from every case (${fromCases.received.total} cases)`);
    const check = await summary();
    const [{ n }] = await scan();
    console.log(`rows: ${n}; metrics received.total = ${check.received.total}, on-time response ${check.rates.onTimeResponse?.toFixed(4)}, `
      + `satisfaction ${check.rates.satisfaction?.toFixed(4)}, backlog ${check.backlog.open}/${check.backlog.overdue}`);
    const summaryMs = await best(summary, runs);
    const scanMs = await best(scan, runs);
    const casesMs = await best(viaCases, 1);
    console.log(`metrics query (current + previous period, best of ${runs}): ${summaryMs.toFixed(0)} ms`);
    console.log(`SELECT count(*) over the same rows (best of ${runs}): ${scanMs.toFixed(0)} ms`);
    console.log(`for comparison, the current period read from every case instead of the roll-ups: ${casesMs.toFixed(0)} ms`);
    console.log(`summary/scan ratio: ${(summaryMs / scanMs).toFixed(2)}`);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
