import { MigrationInterface, QueryRunner } from 'typeorm';
import { STAT_SUMS, statDeltas } from './1765324800000-report-month-rollups';
import { BUILDING, INPUTS, rollupTriggers } from './1766188800000-public-area-building';

/** Resolved on time as counted until this migration: against the stored deadline, which holds move. */
const BY_DEADLINE = 'coalesce(c.first_resolved_at <= c.resolve_deadline_at, false)::int';
/** Resolved on time from now on: the first resolution was not late (`resolve_breached`, fixed then). */
const BY_FIRST_RESOLUTION = '(c.first_resolved_at IS NOT NULL AND NOT c.resolve_breached)::int';

const sumsWith = (onTime: string): Array<[string, string]> =>
  STAT_SUMS.map(([name, value]) => [name, name === 'resolved_on_time' ? onTime : value]);
/** The roll-ups' sums and inputs from this migration on (1766707200000 changes the follow-up counts). */
export const NEW_SUMS = sumsWith(BY_FIRST_RESOLUTION);
const OLD_SUMS = sumsWith(BY_DEADLINE);
export const NEW_INPUTS = [...INPUTS, 'resolve_breached'];

/** The cases the two definitions count differently. */
const DIFFERING = `(SELECT * FROM cases c WHERE (${BY_DEADLINE}) <> (${BY_FIRST_RESOLUTION}))`;

/**
 * 按时办结率 counts a case resolved on time when its first resolution came within the resolve
 * deadline (SPEC §4). It was read as `first_resolved_at <= resolve_deadline_at`, but a hold after a
 * reopen still moves the stored deadline, so a case first resolved late became "on time" once held
 * long enough on its second round — while the ledger's 办结超时 (`resolve_breached`) kept saying 是.
 * The roll-ups now count `NOT resolve_breached`, the fact fixed at the first resolution (see
 * case-lifecycle.ts markResolved and the sweep's escalation), as metrics.query.ts does; the cases
 * the two readings disagree on move in the roll-ups, and an UPDATE of the flag now updates them.
 *
 * Before the sweep learnt that the flag is a fact of the first resolution (2026-12), it also set
 * `resolve_breached` on a reopened case whose first resolution had been on time, once the (unmoved)
 * deadline passed during the later round; `up` clears the flag on such cases — resolved at least
 * once, reopened, and whose resolution minutes are below the deadline's allowance (the deadline
 * less the creation time and the hold minutes it was extended by; strictly below, so a case on the
 * minute stays late). The ledger's 办结超时 reads the same flag. `down` leaves the flags corrected.
 *
 * The whole table is locked at once (ACCESS EXCLUSIVE, as the triggers' replacement needs): taking
 * a weaker lock first and upgrading it could deadlock with a case action holding a row lock. The
 * lock waits behind running transactions on `cases` at most 5 s, then the migration fails, to run
 * again at the replica's restart (as 1765756800000).
 */
export class OnTimeFirstResolution1766448000000 implements MigrationInterface {
  name = 'OnTimeFirstResolution1766448000000';

  async up(q: QueryRunner): Promise<void> {
    await switchRollupSums(q, DIFFERING, OLD_SUMS, NEW_SUMS, NEW_INPUTS);
    // With the new triggers in place, so the roll-ups follow.
    await q.query(`
      UPDATE cases SET resolve_breached = false
      WHERE resolve_breached AND first_resolved_at IS NOT NULL AND reopen_count > 0
        AND resolution_minutes < extract(epoch FROM resolve_deadline_at - created_at) / 60 - hold_minutes`);
  }

  async down(q: QueryRunner): Promise<void> {
    await switchRollupSums(q, DIFFERING, NEW_SUMS, OLD_SUMS, INPUTS);
  }
}

/**
 * Moves the roll-ups of the cases `differing` (a row set of `cases c`) from what the sums `from`
 * counted to what `to` counts, and installs the triggers of `to` over `inputs` (1766707200000 too).
 */
export async function switchRollupSums(q: QueryRunner, differing: string, from: Array<[string, string]>, to: Array<[string, string]>,
  inputs: string[]): Promise<void> {
  await q.query(`SET LOCAL lock_timeout = '5s'`);
  // No case may be written between the corrections and the new triggers.
  await q.query(`LOCK TABLE cases IN ACCESS EXCLUSIVE MODE`);
  await q.query(`INSERT INTO report_month_stats_pending ${statDeltas([[differing, -1]], BUILDING, from)}`);
  await q.query(`INSERT INTO report_month_stats_pending ${statDeltas([[differing, 1]], BUILDING, to)}`);
  await rollupTriggers(q, BUILDING, inputs, to);
}
