import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { feedbackFactsDrift } from '../cases/feedback-facts';
import { AccessService } from '../common/access.service';
import { Clock } from '../common/clock';
import { dataSourceOptions } from '../database/data-source-options';
import { EmbeddedPostgres } from '../database/embedded-postgres';
import { runMigrations } from '../database/migrate';
import { MetricsQuery } from '../reports/metrics.query';
import { compactReportRollups } from '../reports/report-rollups.service';
import { parsePeriod } from '../reports/report-period';
import { ReportsService } from '../reports/reports.service';

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

  const dataDir = process.env.DATABASE_URL ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'wuye-bench-'));
  const embedded = dataDir ? await EmbeddedPostgres.start({ dataDir }) : null;
  const url = process.env.DATABASE_URL ?? embedded!.url;
  console.log(`database: ${embedded ? `embedded PGlite in ${dataDir}` : url.replace(/\/\/[^@]*@/, '//…@')}`);
  await runMigrations(url, !!embedded);
  const db = new DataSource(dataSourceOptions(url, !!embedded));
  await db.initialize();
  try {
    const reused = values.reuse ? await findBenchCommunity(db, total) : null;
    const communityId = reused ?? await seedWorld(db);
    if (reused) {
      console.log(`reusing the ${total} cases of bench community ${reused}; ANALYZE…`);
    } else {
      const started = Date.now();
      for (let from = 1; from <= total; from += batch) {
        const to = Math.min(total, from + batch - 1);
        await insertCases(db, communityId, from, to, total);
        progress(to, total, started);
      }
      process.stdout.write('\n');
      console.log(`generated ${total} cases in ${((Date.now() - started) / 1000).toFixed(1)} s; ANALYZE…`);
    }
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
  } finally {
    await db.destroy();
    await embedded?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function best(work: () => Promise<unknown>, runs: number): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await work();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return min;
}

function progress(done: number, total: number, started: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
  process.stdout.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} cases (${rate.toFixed(0)}/s)`);
}

/** A community generated by an earlier run with exactly `total` cases, if any. */
async function findBenchCommunity(db: DataSource, total: number): Promise<string | null> {
  const rows: Array<{ id: string }> = await db.query(
    `SELECT m.id FROM communities m WHERE m.name LIKE '压测小区%'
       AND (SELECT count(*) FROM cases c WHERE c.community_id = m.id) = $1
     ORDER BY m.created_at DESC LIMIT 1`, [total]);
  return rows[0]?.id ?? null;
}

/** One community with 20 buildings × 25 houses, 4 agents, 16 handlers. */
async function seedWorld(db: DataSource): Promise<string> {
  const code = `B${Date.now().toString(36).toUpperCase()}`.slice(0, 20);
  const [{ id }] = await db.query(`INSERT INTO communities (name, code) VALUES ($1, $2) RETURNING id`, [`压测小区${code}`, code]);
  await db.query(
    `INSERT INTO houses (community_id, building, unit, room)
     SELECT $1, (b || '栋'), '1单元', (100 + r)::text FROM generate_series(1, 20) b, generate_series(1, 25) r`, [id]);
  await db.query(
    `INSERT INTO users (role, username, name, community_ids)
     SELECT CASE WHEN g <= 4 THEN 'agent' ELSE 'handler' END, $2 || '-' || g, '人员' || g, ARRAY[$1::uuid]
     FROM generate_series(1, 20) g`, [id, code.toLowerCase()]);
  return id;
}

/**
 * Cases g = from..to, spread over 2025 (Shanghai), with deterministic pseudo-random facts: 3 %
 * cancelled, 2 % open, 10 % inquiries answered by an agent, responses 0–59 min against a 30 min
 * deadline, resolutions up to ~4 days, 5 % reopened; verifications for 80 %, ratings for 50 %,
 * follow-ups for 20 % of resolved cases.
 */
async function insertCases(db: DataSource, communityId: string, from: number, to: number, total: number): Promise<void> {
  // One statement per batch: the cases, and from the inserted rows their verifications, ratings,
  // follow-ups and the resolve events of agent-answered inquiries.
  await db.query(
    `WITH staff AS (SELECT array_agg(id ORDER BY name) FILTER (WHERE role = 'agent') AS agents,
                           array_agg(id ORDER BY name) FILTER (WHERE role = 'handler') AS handlers
                    FROM users WHERE $1::uuid = ANY(community_ids)),
          homes AS (SELECT array_agg(id ORDER BY building, room) AS ids FROM houses WHERE community_id = $1),
          g AS (SELECT g, timestamptz '2024-12-31 16:00:00+00' + ((g - 1)::float8 / $4 * 365 * 86400) * interval '1 second' AS created,
                       (g * 2654435761::bigint) % 1000 AS h, hashtext('BENCH-' || g) & 1023 AS x FROM generate_series($2::int, $3::int) g),
          ins AS (
            INSERT INTO cases (number, community_id, house_id, type, category, channel, urgency, status, description, created_by_id,
                               assignee_id, cycle, reopen_count, urge_count, respond_deadline_at, resolve_deadline_at, verify_hours,
                               follow_up_policy, follow_up_due_hours, warn_before_minutes, first_responded_at, first_resolved_at, resolved_at,
                               response_minutes, resolution_minutes, unrated, follow_up_required, cancelled_at, created_at, updated_at,
                               rating_count, rating_good, rating_sum, feedback_rank, followed_up, first_resolver_id)
            SELECT 'BENCH-' || g.g, $1, homes.ids[1 + g.h % 500],
                   CASE WHEN g.h % 10 = 0 THEN 'inquiry' WHEN g.h % 10 = 1 THEN 'complaint' WHEN g.h % 10 = 2 THEN 'suggestion' ELSE 'repair' END,
                   (ARRAY['水电','电梯','门窗','公共设施','安保门禁','保洁卫生','绿化','噪音扰民','停车','费用'])[1 + (g.h / 10) % 10],
                   (ARRAY['miniapp','miniapp','miniapp','phone','phone','front_desk','wechat_group'])[1 + (g.h / 7) % 7],
                   CASE WHEN g.h % 11 = 0 THEN 'urgent' ELSE 'normal' END,
                   CASE WHEN g.h < 30 THEN 'cancelled' WHEN g.h < 50 THEN 'in_progress' ELSE 'closed' END,
                   '压测工单', staff.agents[1],
                   CASE WHEN g.h % 10 = 0 THEN NULL ELSE staff.handlers[1 + g.h % 16] END,
                   1, CASE WHEN g.h % 20 = 7 THEN 1 ELSE 0 END, CASE WHEN g.h % 17 = 0 THEN 1 ELSE 0 END,
                   g.created + interval '30 minutes', g.created + interval '72 hours', 72, 'when_unrated_or_low', 48, 10,
                   CASE WHEN g.h >= 30 THEN g.created + (g.h % 60) * interval '1 minute' END,
                   CASE WHEN g.h >= 50 THEN g.created + (60 + g.h * 6) * interval '1 minute' END,
                   CASE WHEN g.h >= 50 THEN g.created + (60 + g.h * 6) * interval '1 minute' END,
                   CASE WHEN g.h >= 30 THEN g.h % 60 END,
                   CASE WHEN g.h >= 50 THEN 60 + g.h * 6 END,
                   g.h >= 50 AND g.h % 5 = 4, CASE WHEN g.h >= 50 THEN g.h % 5 >= 3 END,
                   CASE WHEN g.h < 30 THEN g.created + interval '5 minutes' END,
                   g.created, g.created + interval '5 days',
                   -- The feedback facts of the rows inserted below (as case-lifecycle.ts keeps them).
                   CASE WHEN g.h >= 50 AND g.h % 5 <> 4 AND g.x % 2 = 0 THEN 1 ELSE 0 END,
                   CASE WHEN g.h >= 50 AND g.h % 5 <> 4 AND g.x % 2 = 0 AND 1 + g.x % 5 >= 4 THEN 1 ELSE 0 END,
                   CASE WHEN g.h >= 50 AND g.h % 5 <> 4 AND g.x % 2 = 0 THEN 1 + g.x % 5 ELSE 0 END,
                   CASE WHEN g.h >= 50 AND g.h % 5 >= 3 AND g.x % 4 <> 3 THEN 4 + CASE WHEN g.x % 4 < 2 THEN 3 ELSE 4 END
                        WHEN g.h >= 50 AND g.h % 5 <> 4 THEN 4 + CASE WHEN g.h % 20 = 7 THEN 0 ELSE 1 END END,
                   g.h >= 50 AND g.h % 5 >= 3 AND g.x % 4 <> 3,
                   CASE WHEN g.h >= 50 AND g.h % 10 = 0 THEN staff.agents[1] END
            FROM g, staff, homes
            RETURNING id, number, assignee_id, created_by_id, first_resolved_at, reopen_count, unrated, follow_up_required
          ),
          v AS (
            INSERT INTO verifications (case_id, cycle, fixed, created_at)
            SELECT id, 1, CASE WHEN reopen_count > 0 THEN 'no' ELSE 'yes' END, first_resolved_at + interval '1 hour'
            FROM ins WHERE first_resolved_at IS NOT NULL AND NOT unrated
          ),
          r AS (
            INSERT INTO ratings (case_id, cycle, overall, assignee_id, created_at)
            SELECT id, 1, 1 + (hashtext(number) & 1023) % 5, assignee_id, first_resolved_at + interval '2 hours'
            FROM ins WHERE first_resolved_at IS NOT NULL AND NOT unrated AND (hashtext(number) & 1) = 0
          ),
          f AS (
            INSERT INTO follow_ups (case_id, cycle, method, result, created_at)
            SELECT id, 1, 'phone', (ARRAY['satisfied','basically_satisfied','unsatisfied','unreachable'])[1 + (hashtext(number) & 1023) % 4],
                   first_resolved_at + interval '1 day'
            FROM ins WHERE follow_up_required
          )
     INSERT INTO case_events (case_id, cycle, action, from_status, to_status, actor_id, actor_role, created_at)
     SELECT id, 1, 'resolve', 'accepted', 'resolved', created_by_id, 'agent', first_resolved_at
     FROM ins WHERE assignee_id IS NULL AND first_resolved_at IS NOT NULL`,
    [communityId, from, to, total],
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
