import 'reflect-metadata';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../common/access.service';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app.config';
import { CaseLedgerService } from '../reports/ledger/case-ledger.service';
import { MetricsQuery } from '../reports/metrics.query';
import { ReportsService } from '../reports/reports.service';
import { best, withBenchYear } from './bench-report-data';

/**
 * npm run bench:ledger -- --cases 100000 [--runs 3] [--reuse]
 *
 * Generates cases for one community over 2025 (as bench:summary does; DATABASE_URL, or an embedded
 * PostgreSQL in a temporary folder when it is unset), then times the case ledger of that year —
 * GET /api/reports/case-ledger's whole work: the count, the batched reads, the streamed workbook —
 * written to a sink that counts its bytes, against the ceiling: one plain `SELECT` of the same rows
 * (every column of the case, no joins, no workbook) in the same run. Best of --runs each. Prints the
 * workbook's size and the memory: RSS before the exports, their peak sampled every 20 ms (a lower
 * bound: the timer cannot fire during synchronous work, such as the embedded database's queries),
 * and the process's lifetime peak; the last line is
 * `ledger export: X cases/s (ratio R)`, R being the ceiling's time over the export's.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, batch: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '3' }, reuse: { type: 'boolean', default: false } } });
  const total = Number(values.cases);
  const runs = Number(values.runs);
  if (!Number.isInteger(total) || total < 1) throw new Error('--cases must be a positive integer');

  await withBenchYear({ total, batch: Number(values.batch), reuse: values.reuse }, async (db, communityId) => {
    await db.query('ANALYZE');

    const reports = new ReportsService(db, new AccessService(), new Clock(), new MetricsQuery(db));
    const ledger = new CaseLedgerService(db, reports, { reports: { ledgerMaxRows: total } } as AppConfig, new Clock());
    const admin: AuthUser = { id: '00000000-0000-0000-0000-000000000000', role: 'admin', name: 'bench', username: null, communityIds: [] };
    let bytes = 0;
    let written = 0;
    const exportYear = async () => {
      bytes = 0;
      const sink = new Writable({ write(chunk: Buffer, _encoding, done) { bytes += chunk.length; done(); } });
      const file = await ledger.open(admin, { from: '2025-01-01', to: '2026-01-01', communityId });
      written = await file.write(sink);
    };
    const ceiling = () => db.query(`SELECT c.* FROM cases c WHERE c.community_id = $1 AND c.created_at >= $2 AND c.created_at < $3
      ORDER BY c.created_at, c.id`, [communityId, '2024-12-31T16:00:00Z', '2025-12-31T16:00:00Z']);

    const startMb = process.memoryUsage().rss / 1024 / 1024;
    // The exports' own peak, sampled while they run: the process's maxRSS would be the generation's
    // on the embedded database (its inserts ran in this process), and the ceiling's SELECT, which
    // holds every row at once, runs after.
    let peakMb = startMb;
    const sampler = setInterval(() => { peakMb = Math.max(peakMb, process.memoryUsage().rss / 1024 / 1024); }, 20);
    const exportMs = await best(exportYear, runs).finally(() => clearInterval(sampler));
    const lifetimePeakMb = process.resourceUsage().maxRSS / 1024;
    const ceilingMs = await best(ceiling, runs);
    console.log(`ledger: ${written} cases, ${(bytes / 1024 / 1024).toFixed(1)} MB workbook, best of ${runs}: ${exportMs.toFixed(0)} ms`);
    console.log(`ceiling, one SELECT of the same rows (best of ${runs}): ${ceilingMs.toFixed(0)} ms`);
    console.log(`memory: ${startMb.toFixed(0)} MB RSS before the exports, peak ${peakMb.toFixed(0)} MB while they ran `
      + `(sampled every 20 ms; the process's peak before the ceiling, generation included: ${lifetimePeakMb.toFixed(0)} MB)`);
    console.log(`ledger export: ${(written / (exportMs / 1000)).toFixed(0)} cases/s (ratio ${(ceilingMs / exportMs).toFixed(2)})`);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
