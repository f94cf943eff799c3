import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { roundHalfUp, type CaseStatus, type MetricsCounts, type MetricsResponse } from '@wuye/shared';
import { DataSource, EntityManager } from 'typeorm';
import { percentileCont } from './histogram-percentile';
import { shanghaiMidnight, wholeMonthsWithin, type ReportPeriod } from './report-period';

/** The figures of one period: the metrics response without `previous`. */
export type PeriodFigures = Omit<MetricsResponse, 'previous' | 'counts'> & { counts: MetricsCounts };

/** Which communities a report covers; null = every community (admin). */
export type ReportScope = string[] | null;

const OPEN = `('submitted','accepted','assigned','in_progress','on_hold')`;

/** Fraction, or null when nothing was counted (never NaN). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

const round = (value: number | null | undefined, digits = 1): number | null =>
  value === null || value === undefined ? null : roundHalfUp(Number(value), digits);

/** Per-category figures the work summary's rules read. */
export interface CategoryStat {
  category: string;
  received: number;
  resolved: number;
  resolvedOnTime: number;
  medianResolutionMinutes: number | null;
  ratings: number;
  goodRatings: number;
  reopened: number;
}

export interface ChannelStat {
  channel: string;
  received: number;
  responseDue: number;
  respondedOnTime: number;
  medianResponseMinutes: number | null;
}

export interface TrendPoint {
  bucket: string;
  received: number;
  resolved: number;
  responseDue: number;
  respondedOnTime: number;
}

export interface UrgentCase {
  number: string;
  type: string;
  category: string;
  status: CaseStatus;
  /** Null while a confirmed case awaits its rating (待评价, not 待回访). */
  followUpRequired: boolean | null;
  createdAt: string;
  description: string;
  resolutionMinutes: number | null;
  onTime: boolean | null;
}

/** The extra tables behind the work summary's text and charts. */
export interface SummaryDetails {
  trendUnit: 'day' | 'week' | 'month';
  trend: TrendPoint[];
  categories: CategoryStat[];
  channels: ChannelStat[];
  ratingDistribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  responseDistribution: Array<{ bucket: string; count: number }>;
  urgent: { received: number; resolved: number; resolvedOnTime: number; cases: UrgentCase[] };
  /** `adopted`/`notAdopted`: live suggestions resolved, by their latest resolution (采纳 / 暂不采纳; the rest were not marked). */
  suggestions: { received: number; resolved: number; adopted: number; notAdopted: number; solved: number };
  complaints: number;
  /** Live complaints with a verification or follow-up that reached the owner, and those judged solved (the resolution rate's definition). */
  complaintFeedback: { judged: number; solved: number };
}

const RESPONSE_BUCKETS: Array<[string, number]> = [
  ['≤15分钟', 15], ['16–30分钟', 30], ['31–60分钟', 60], ['1–2小时', 120], ['2–4小时', 240], ['4–24小时', 1440],
];

/**
 * Every figure of SPEC §4, computed by PostgreSQL (aggregates with FILTER, percentile_cont,
 * date_trunc, GROUPING SETS) — cases are never loaded into JavaScript. All statements of one report
 * run in one read-only REPEATABLE READ transaction, so they see the same snapshot.
 *
 * Named parameters: :start and :end of the period, :cutoff (the earlier of the period end and now:
 * "a deadline has passed" when it lies before it; the backlog is taken at it) and :scope (community
 * ids, when the scope is not every community).
 */
@Injectable()
export class MetricsQuery {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs `work` in one consistent read-only snapshot. */
  snapshot<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      // These statements run in tens of milliseconds to a few seconds; JIT compilation alone took
      // ~1 s per statement in the benchmark (docs/performance.md), so it is off for reports.
      await tx.query('SET LOCAL jit = off');
      // Hash joins and percentile sorts over a year of cases fit in memory instead of spilling.
      await tx.query(`SET LOCAL work_mem = '64MB'`);
      return work(tx);
    });
  }

  /**
   * The figures of one period. Whole months are read from the monthly roll-ups (migration
   * 1765324800000), the days before and after them from the cases; `rollups: false` reads every
   * day from the cases (the tests compare the two).
   */
  async figures(tx: EntityManager, period: ReportPeriod, scope: ReportScope, now: Date, options: { rollups?: boolean } = {}): Promise<PeriodFigures> {
    const bound = bind(period, scope, now, options.rollups ?? true);
    const { scopeSql } = bound;
    const groups: GroupRow[] = await run(tx, groupsSql(scopeSql), bound);
    const bins: Array<{ resolution: boolean; staff_id: string | null; m: number; n: number }> = await run(tx, histogramsSql(scopeSql), bound);
    const responseBins = bins.filter((b) => !b.resolution);
    const resolutionBins = bins.filter((b) => b.resolution);
    // A period that has not begun has no cutoff yet: nothing of it is open or overdue (the open cases
    // of today are the running period's backlog, not a future one's).
    const [atCutoff] = now <= period.start ? [{ unresponded_due: 0, open: 0, overdue: 0, unaccepted_overdue: 0, follow_ups_not_due: 0, ratings_awaited: 0 }] : await run(tx, atCutoffSql(scopeSql), bound);
    return rollUp(period, scope, groups, responseBins, resolutionBins, atCutoff);
  }

  /** The tables behind the work summary (trend, per category and channel, distributions, urgent cases). */
  async details(tx: EntityManager, period: ReportPeriod, scope: ReportScope, now: Date): Promise<SummaryDetails> {
    const bound = bind(period, scope, now, false);
    const { scopeSql } = bound;
    const trendUnit = period.days <= 62 ? 'day' : period.days <= 400 ? 'week' : 'month';
    // Every bucket from the period's first day to the cutoff's (a period not over ends today), those
    // without cases as 0 — a chart that skipped them would draw 3 March next to 17 March. A bucket is
    // labelled by its first day inside the period (a week or month may begin before it).
    const trend = await run(tx, `WITH base AS (${baseSelect(scopeSql)}),
       buckets AS (
         SELECT generate_series(date_trunc('${trendUnit}', :start::timestamptz AT TIME ZONE 'Asia/Shanghai'),
                                date_trunc('${trendUnit}', (:cutoff::timestamptz - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai'),
                                interval '1 ${trendUnit}') AS bucket)
       SELECT to_char(greatest(k.bucket, :start::timestamptz AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') AS bucket,
              count(b.id)::int AS received,
              count(*) FILTER (WHERE b.live AND b.first_resolved_at IS NOT NULL)::int AS resolved,
              count(*) FILTER (WHERE b.live AND (b.first_responded_at IS NOT NULL OR b.respond_deadline_at < :cutoff))::int AS "responseDue",
              count(*) FILTER (WHERE b.live AND b.first_responded_at <= b.respond_deadline_at)::int AS "respondedOnTime"
       FROM buckets k LEFT JOIN base b ON date_trunc('${trendUnit}', b.created_at AT TIME ZONE 'Asia/Shanghai') = k.bucket
       GROUP BY k.bucket ORDER BY k.bucket`,
      bound,
    );
    const categories = await run(tx, `WITH base AS (${baseSelect(scopeSql)})
       SELECT b.category, count(*)::int AS received,
              count(*) FILTER (WHERE b.live AND b.first_resolved_at IS NOT NULL)::int AS resolved,
              count(*) FILTER (WHERE b.live AND ${resolvedOnTime('b')})::int AS "resolvedOnTime",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY b.resolution_minutes) FILTER (WHERE b.live) AS "medianResolutionMinutes",
              coalesce(sum(b.rating_count) FILTER (WHERE b.live), 0)::int AS ratings,
              coalesce(sum(b.rating_good) FILTER (WHERE b.live), 0)::int AS "goodRatings",
              count(*) FILTER (WHERE b.live AND b.reopen_count > 0)::int AS reopened
       FROM base b
       GROUP BY b.category ORDER BY received DESC, b.category`,
      bound,
    );
    const channels = await run(tx, `WITH base AS (${baseSelect(scopeSql)})
       SELECT b.channel, count(*)::int AS received,
              count(*) FILTER (WHERE b.live AND (b.first_responded_at IS NOT NULL OR b.respond_deadline_at < :cutoff))::int AS "responseDue",
              count(*) FILTER (WHERE b.live AND b.first_responded_at <= b.respond_deadline_at)::int AS "respondedOnTime",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY b.response_minutes) FILTER (WHERE b.live) AS "medianResponseMinutes"
       FROM base b GROUP BY b.channel ORDER BY received DESC, b.channel`,
      bound,
    );
    const ratingRows: Array<{ overall: number; n: number }> = await run(tx, `WITH base AS (${baseSelect(scopeSql)})
       SELECT r.overall::int AS overall, count(*)::int AS n
       FROM ratings r JOIN base b ON b.id = r.case_id WHERE b.live GROUP BY r.overall`,
      bound,
    );
    const bucketCase = RESPONSE_BUCKETS.map(([, max], i) => `WHEN b.response_minutes <= ${max} THEN ${i}`).join(' ');
    const responseRows: Array<{ i: number; n: number }> = await run(tx, `WITH base AS (${baseSelect(scopeSql)})
       SELECT CASE ${bucketCase} ELSE ${RESPONSE_BUCKETS.length} END AS i, count(*)::int AS n
       FROM base b WHERE b.live AND b.response_minutes IS NOT NULL GROUP BY 1`,
      bound,
    );
    const [urgent] = await run(tx, `WITH base AS (${baseSelect(scopeSql)})
       SELECT count(*) FILTER (WHERE b.urgency = 'urgent')::int AS received,
              count(*) FILTER (WHERE b.urgency = 'urgent' AND b.live AND b.first_resolved_at IS NOT NULL)::int AS resolved,
              count(*) FILTER (WHERE b.urgency = 'urgent' AND b.live AND ${resolvedOnTime('b')})::int AS "resolvedOnTime",
              count(*) FILTER (WHERE b.type = 'suggestion')::int AS suggestions,
              count(*) FILTER (WHERE b.type = 'suggestion' AND b.live AND b.first_resolved_at IS NOT NULL)::int AS "suggestionsResolved",
              count(*) FILTER (WHERE b.type = 'suggestion' AND b.live AND b.suggestion_adopted)::int AS "suggestionsAdopted",
              count(*) FILTER (WHERE b.type = 'suggestion' AND b.live AND NOT b.suggestion_adopted)::int AS "suggestionsNotAdopted",
              count(*) FILTER (WHERE b.type = 'complaint')::int AS complaints,
              count(*) FILTER (WHERE b.type = 'complaint' AND b.live AND b.feedback_rank IS NOT NULL)::int AS "complaintsJudged",
              count(*) FILTER (WHERE b.type = 'complaint' AND b.live AND b.feedback_rank % 2 = 1)::int AS "complaintsSolved"
       FROM base b`,
      bound,
    );
    const [suggestionsSolved] = await run(tx, `WITH base AS (${baseSelect(scopeSql)})
       SELECT count(*) FILTER (WHERE b.feedback_rank % 2 = 1)::int AS n FROM base b
       WHERE b.live AND b.type = 'suggestion'`,
      bound,
    );
    const urgentCases: UrgentCase[] = (await run(tx, `SELECT c.number, c.type, c.category, c.status, c.follow_up_required AS "followUpRequired", c.created_at AS "createdAt", CASE WHEN char_length(c.description) > 60 THEN left(c.description, 59) || '…' ELSE c.description END AS description,
              c.resolution_minutes AS "resolutionMinutes",
              CASE WHEN c.first_resolved_at IS NULL THEN NULL ELSE NOT c.resolve_breached END AS "onTime"
       FROM cases c WHERE c.created_at >= :start AND c.created_at < :end ${scopeSql} AND c.urgency = 'urgent'
       ORDER BY c.created_at LIMIT 20`,
      bound,
    )).map((row: UrgentCase & { createdAt: Date }) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() }));

    const ratingDistribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    for (const row of ratingRows) ratingDistribution[String(row.overall) as keyof typeof ratingDistribution] = row.n;
    const labels = [...RESPONSE_BUCKETS.map(([label]) => label), '超过24小时'];
    const responseDistribution = labels.map((bucket, i) => ({ bucket, count: responseRows.find((r) => r.i === i)?.n ?? 0 }));

    return {
      trendUnit,
      trend,
      categories: categories.map((c: CategoryStat) => ({ ...c, medianResolutionMinutes: round(c.medianResolutionMinutes) })),
      channels: channels.map((c: ChannelStat) => ({ ...c, medianResponseMinutes: round(c.medianResponseMinutes) })),
      ratingDistribution,
      responseDistribution,
      urgent: { received: urgent.received, resolved: urgent.resolved, resolvedOnTime: urgent.resolvedOnTime, cases: urgentCases },
      suggestions: {
        received: urgent.suggestions, resolved: urgent.suggestionsResolved,
        adopted: urgent.suggestionsAdopted, notAdopted: urgent.suggestionsNotAdopted, solved: suggestionsSolved.n,
      },
      complaints: urgent.complaints,
      complaintFeedback: { judged: urgent.complaintsJudged, solved: urgent.complaintsSolved },
    };
  }
}

interface Bound {
  values: Record<string, unknown>;
  scopeSql: string;
}

/**
 * The statements' parameters. The period splits into [start, a) read from the cases, the whole
 * months [ma, mb) = [a, b) read from the roll-ups, and [b, end) from the cases again; without
 * whole months (or roll-ups) a = b = end and the cases cover it all.
 */
function bind(period: ReportPeriod, scope: ReportScope, now: Date, rollups: boolean): Bound {
  const cutoff = new Date(Math.min(period.end.getTime(), now.getTime()));
  const months = rollups ? wholeMonthsWithin(period) : null;
  return {
    values: {
      start: period.start, end: period.end, cutoff, now, scope,
      a: months ? shanghaiMidnight(months.from) : period.end,
      b: months ? shanghaiMidnight(months.to) : period.end,
      ma: months?.from ?? period.to,
      mb: months?.to ?? period.to,
    },
    scopeSql: scope === null ? '' : 'AND c.community_id = ANY(:scope::uuid[])',
  };
}

/** Runs SQL written with :name placeholders; only the names it uses become $n parameters. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row's shape is the SELECT list above it
function run<T = any>(tx: EntityManager, sql: string, bound: Bound): Promise<T[]> {
  const names: string[] = [];
  const text = sql.replace(/(?<!:):([a-z]+)\b/g, (_, name: string) => {
    if (!(name in bound.values)) throw new Error(`no value for :${name}`);
    const i = names.indexOf(name);
    return `$${i >= 0 ? i + 1 : names.push(name)}`;
  });
  return tx.query(text, names.map((n) => bound.values[n]));
}

/** The period's cohort: cases created in [start, end) within the scope. `live` = not cancelled (in the rates). */
/**
 * Resolved on time (SPEC §4, 按时办结率): the first resolution came within the resolve deadline.
 * `resolve_breached` is that fact, fixed at the first resolution (or when the deadline passed
 * before it); the stored deadline is not, since a hold after a reopen still moves it.
 */
const resolvedOnTime = (c: string) => `(${c}.first_resolved_at IS NOT NULL AND NOT ${c}.resolve_breached)`;

const baseSelect = (scopeSql: string) => `
  SELECT c.id, c.status <> 'cancelled' AS live, c.status, c.type, c.channel, c.category, c.urgency, c.house_id,
         c.created_at, c.respond_deadline_at, c.resolve_deadline_at, c.first_responded_at, c.first_resolved_at, c.resolve_breached,
         c.response_minutes, c.resolution_minutes, c.reopen_count, c.urge_count, c.follow_up_required,
         c.rating_count, c.rating_good, c.rating_sum, c.feedback_rank, c.followed_up, c.suggestion_adopted
  FROM cases c
  WHERE c.created_at >= :start AND c.created_at < :end ${scopeSql}`;

/**
 * Overdue at the cutoff for a case in status `st` then, following the case list's rule (time on
 * hold does not count).
 */
const overdueAt = (st: string) => `(
  (${st} = 'submitted' AND c.respond_deadline_at < :cutoff)
  OR (${st} <> 'on_hold' AND c.resolve_deadline_at < :cutoff)
  OR (${st} = 'on_hold' AND c.resolve_deadline_at < least(coalesce(c.hold_started_at, :cutoff), :cutoff)))`;

/**
 * What depends on the cutoff and so cannot be rolled up:
 * - live cases of the period never responded to whose respond deadline has passed (the rest of
 *   "response due" is `responded`, in the groups), read from the partial index of unresponded cases;
 * - the backlog: open cases at the cutoff, of every creation date. A case not changed since the
 *   cutoff is in its current status (read from the open-cases indexes); one changed after it is in
 *   the status of its last event before it (few for a past period, none for the current one).
 */
const atCutoffSql = (scopeSql: string) => `
  WITH candidates AS (
    SELECT c.id, c.status, c.updated_at, c.respond_deadline_at, c.resolve_deadline_at, c.hold_started_at
    FROM cases c
    WHERE c.created_at < :cutoff ${scopeSql} AND c.status IN ${OPEN} AND c.updated_at < :cutoff
    UNION ALL
    SELECT c.id, c.status, c.updated_at, c.respond_deadline_at, c.resolve_deadline_at, c.hold_started_at
    FROM cases c
    WHERE c.updated_at >= :cutoff AND c.created_at < :cutoff ${scopeSql}
  ), at_cutoff AS (
    SELECT c.*, CASE WHEN c.updated_at < :cutoff THEN c.status ELSE (
      SELECT e.to_status FROM case_events e WHERE e.case_id = c.id AND e.created_at < :cutoff ORDER BY e.seq DESC LIMIT 1
    ) END AS status_then
    FROM candidates c
  )
  SELECT (SELECT count(*) FROM cases c
          WHERE c.created_at >= :start AND c.created_at < :end ${scopeSql}
            AND c.first_responded_at IS NULL AND c.status <> 'cancelled' AND c.respond_deadline_at < :cutoff)::int AS unresponded_due,
         count(*) FILTER (WHERE c.status_then IN ${OPEN})::int AS open,
         count(*) FILTER (WHERE c.status_then IN ${OPEN} AND ${overdueAt('c.status_then')})::int AS overdue,
         count(*) FILTER (WHERE c.status_then = 'submitted' AND c.respond_deadline_at < :cutoff)::int AS unaccepted_overdue,
         -- Awaited as the report is made (:now), among the few cases resolved or confirmed (partial indexes).
         (SELECT count(*) FROM cases c
          WHERE c.status = 'confirmed' AND c.created_at >= :start AND c.created_at < :end ${scopeSql}
            AND c.follow_up_required AND c.follow_up_due_at > :now)::int AS follow_ups_not_due,
         (SELECT count(*) FROM cases c
          WHERE (c.status = 'resolved' OR (c.status = 'confirmed' AND c.follow_up_required IS NULL))
            AND c.created_at >= :start AND c.created_at < :end ${scopeSql} AND c.rating_count = 0)::int AS ratings_awaited
  FROM at_cutoff c`;

/**
 * The staff member a case counts for: its handler, or — when it never had one (an inquiry answered
 * by an agent) — whoever resolved it first (kept on the case row). The extended statistics of
 * migration 1765238400000 are declared on this very expression.
 */
const STAFF = `coalesce(c.assignee_id, CASE WHEN c.first_resolved_at IS NOT NULL THEN c.first_resolver_id END)`;

/**
 * The partial counts and sums of a group of cases, and how each is counted from the cases. The
 * monthly roll-ups (migration 1765324800000) hold the same columns, kept by triggers with the same
 * definitions; per-case feedback (ratings, the latest verification or follow-up, whether a
 * follow-up reached the owner) is read from the facts the lifecycle code keeps on the case row
 * (cases/feedback-facts.ts): `feedback_rank` is odd when the latest feedback says solved and NULL
 * when nothing judged the case.
 */
const SUMS = {
  n: 'count(*)',
  responded: 'count(*) FILTER (WHERE c.first_responded_at IS NOT NULL)',
  responded_on_time: 'count(*) FILTER (WHERE c.first_responded_at <= c.respond_deadline_at)',
  resolved: 'count(*) FILTER (WHERE c.first_resolved_at IS NOT NULL)',
  resolved_on_time: `count(*) FILTER (WHERE ${resolvedOnTime('c')})`,
  judged: 'count(*) FILTER (WHERE c.feedback_rank IS NOT NULL)',
  solved: 'count(*) FILTER (WHERE c.feedback_rank % 2 = 1)',
  ratings: 'coalesce(sum(c.rating_count), 0)',
  good_ratings: 'coalesce(sum(c.rating_good), 0)',
  rating_sum: 'coalesce(sum(c.rating_sum), 0)',
  rated_cases: 'count(*) FILTER (WHERE c.first_resolved_at IS NOT NULL AND c.rating_count > 0)',
  // 回访率: the cases that required a visit, and those of them visited (a visit nobody required is in neither).
  follow_up_required: 'count(*) FILTER (WHERE c.follow_up_required)',
  // A case still confirmed waits for its required visit (one made before a low rating does not stand).
  followed_up: `count(*) FILTER (WHERE c.follow_up_required AND c.followed_up AND c.status <> 'confirmed')`,
  reopened: 'count(*) FILTER (WHERE c.first_resolved_at IS NOT NULL AND c.reopen_count > 0)',
  response_sum: 'coalesce(sum(c.response_minutes), 0)',
  response_n: 'count(c.response_minutes)',
  resolution_sum: 'coalesce(sum(c.resolution_minutes), 0)',
  resolution_n: 'count(c.resolution_minutes)',
  urges: 'coalesce(sum(c.urge_count), 0)',
  cases_urged: 'count(*) FILTER (WHERE c.urge_count > 0)',
  repeat_complaints: 'count(*) FILTER (WHERE c.repeat_complaint)',
} as const;
type SumField = keyof typeof SUMS;
/** The summed columns, in the order of the roll-up tables (migration 1765324800000). */
export const SUM_FIELDS = Object.keys(SUMS) as SumField[];
type Totals = Record<SumField, number>;

/** Per-group partial figures of the period's cases (every field is summed over groups by rollUp). */
type GroupRow = Totals & {
  community_id: string;
  community_name: string;
  type: string;
  channel: string;
  category: string;
  urgency: string;
  building: string;
  staff_id: string | null;
  staff_name: string | null;
  /** Rank of (name, id) in the database's collation: ties on `handled` are listed in this order. */
  staff_order: number;
  live: boolean;
};

/** The days of the period outside its whole months (bind): [start, a) and [b, end). */
const OUTSIDE_MONTHS = `((c.created_at >= :start AND c.created_at < :a) OR (c.created_at >= :b AND c.created_at < :end))`;
/** Rows of a roll-up, compacted and pending, of the whole months [ma, mb). */
const rollupRows = (table: string, scopeSql: string) => `(
    SELECT * FROM ${table} WHERE month >= :ma::date AND month < :mb::date
    UNION ALL
    SELECT * FROM ${table}_pending WHERE month >= :ma::date AND month < :mb::date) c
  WHERE true ${scopeSql}`;

/** The grouping columns, also the roll-up key after community and month. */
export const GROUP_COLUMNS = ['type', 'channel', 'category', 'urgency', 'building', 'staff_id', 'live'];
const GROUP_KEYS = GROUP_COLUMNS.join(', ');

/** The building a case counts under: its house's, the one its public area names, else 公共区域 (as the roll-up triggers, migration 1766188800000). */
const BUILDING = `coalesce(h.building, c.area_building, '公共区域')`;

/**
 * The period's cases grouped by community, type, channel, category, urgency, building (BUILDING),
 * staff member and live (not cancelled, i.e. in the rates), each group with the partial
 * counts and sums every figure but the percentiles adds up from (rollUp): the whole months from the
 * roll-ups, the other days from the cases in one parallel hash aggregate (plain FILTER aggregates
 * under GROUP BY have parallel partial/combine steps; ordered-set aggregates and GROUPING SETS
 * would not). The two are merged by key, then staff names are joined.
 */
const groupsSql = (scopeSql: string) => `
  SELECT g.*, u.name AS staff_name, dense_rank() OVER (ORDER BY u.name, g.staff_id)::int AS staff_order, co.name AS community_name
  FROM (
    SELECT community_id, ${GROUP_KEYS}, ${SUM_FIELDS.map((f) => `sum(${f})::float8 AS ${f}`).join(', ')}
    FROM (
      SELECT c.community_id, c.type, c.channel, c.category, c.urgency, ${BUILDING} AS building,
             ${STAFF} AS staff_id, c.status <> 'cancelled' AS live,
             ${SUM_FIELDS.map((f) => `${SUMS[f]} AS ${f}`).join(',\n             ')}
      FROM cases c LEFT JOIN houses h ON h.id = c.house_id
      WHERE ${OUTSIDE_MONTHS} ${scopeSql}
      GROUP BY c.community_id, c.type, c.channel, c.category, c.urgency, ${BUILDING}, ${STAFF}, c.status <> 'cancelled'
      UNION ALL
      SELECT community_id, ${GROUP_KEYS}, ${SUM_FIELDS.join(', ')}
      FROM ${rollupRows('report_month_stats', scopeSql)}
    ) parts
    GROUP BY community_id, ${GROUP_KEYS}
    -- A group whose cases all moved to another (pending rows not yet compacted) counts no case.
    HAVING sum(n) <> 0
  ) g LEFT JOIN users u ON u.id = g.staff_id LEFT JOIN communities co ON co.id = g.community_id`;

/**
 * Frequencies of the live cases' response times and of their resolution times per staff member
 * (summed for the period's percentiles): exact percentiles without a sort of every row
 * (histogram-percentile.ts). Whole months from the roll-up; the other days from the cases in one
 * pass of grouping sets (`resolution` tells them apart; NULL values are their own group and are
 * dropped).
 */
const histogramsSql = (scopeSql: string) => `
  SELECT resolution, staff_id, m, sum(n)::float8 AS n
  FROM (
    SELECT grouping(c.resolution_minutes) = 0 AS resolution, ${STAFF} AS staff_id,
           coalesce(c.resolution_minutes, c.response_minutes) AS m, count(*) AS n
    FROM cases c
    WHERE ${OUTSIDE_MONTHS} ${scopeSql} AND c.status <> 'cancelled'
      AND (c.response_minutes IS NOT NULL OR c.resolution_minutes IS NOT NULL)
    GROUP BY GROUPING SETS ((${STAFF}, c.resolution_minutes), (c.response_minutes))
    UNION ALL
    SELECT c.resolution, c.staff_id, c.minutes, c.n
    FROM ${rollupRows('report_month_minutes', scopeSql)}
  ) bins
  WHERE m IS NOT NULL
  GROUP BY resolution, staff_id, m`;

const zero = (): Totals => Object.fromEntries(SUM_FIELDS.map((f) => [f, 0])) as Totals;
function add(into: Totals, row: GroupRow): void {
  // Sums arrive as float8: exact for integers far below 2^53.
  for (const f of SUM_FIELDS) into[f] += row[f];
}

/**
 * Adds the groups up into the response: a few hundred rows of partial sums, not cases. Means are
 * sum / count of exact integers (the same value avg() gives, to the precision printed); the
 * percentiles are percentile_cont's, computed exactly from the histograms.
 */
function rollUp(period: ReportPeriod, scope: ReportScope, groups: GroupRow[], responseBins: Array<{ m: number; n: number }>,
  resolutionBins: Array<{ staff_id: string | null; m: number; n: number }>,
  atCutoff: { unresponded_due: number; open: number; overdue: number; unaccepted_overdue: number; follow_ups_not_due: number; ratings_awaited: number }): PeriodFigures {
  const all = zero();
  const live = zero();
  const maps: Record<'type' | 'channel' | 'category' | 'urgency' | 'building', Record<string, number>> =
    { type: {}, channel: {}, category: {}, urgency: {}, building: {} };
  const staff = new Map<string, { name: string; order: number; totals: Totals }>();
  // Buildings are named per community (2栋 of two estates is two buildings) when the scope has several.
  const severalCommunities = scope ? scope.length > 1 : new Set(groups.map((g) => g.community_id)).size > 1;
  for (const g of groups) {
    add(all, g);
    for (const dim of ['type', 'channel', 'category', 'urgency'] as const) maps[dim][g[dim]] = (maps[dim][g[dim]] ?? 0) + g.n;
    const building = severalCommunities ? `${g.community_name} ${g.building}` : g.building;
    maps.building[building] = (maps.building[building] ?? 0) + g.n;
    if (!g.live) continue;
    add(live, g);
    if (g.staff_id === null || g.staff_name === null) continue;
    const s = staff.get(g.staff_id) ?? { name: g.staff_name, order: g.staff_order, totals: zero() };
    add(s.totals, g);
    staff.set(g.staff_id, s);
  }
  const resolutionAll = new Map<number, number>();
  const resolutionByStaff = new Map<string, Array<[number, number]>>();
  for (const b of resolutionBins) {
    resolutionAll.set(b.m, (resolutionAll.get(b.m) ?? 0) + b.n);
    if (b.staff_id === null) continue;
    const list = resolutionByStaff.get(b.staff_id) ?? [];
    list.push([b.m, b.n]);
    resolutionByStaff.set(b.staff_id, list);
  }
  const [responseMedian, responseP90] = percentileCont(responseBins.map((b) => [b.m, b.n] as const), [0.5, 0.9]);
  const [resolutionMedian, resolutionP90] = percentileCont([...resolutionAll], [0.5, 0.9]);
  const mean = (sum: number, n: number) => (n > 0 ? sum / n : null);
  const responseDue = live.responded + atCutoff.unresponded_due;
  // ORDER BY handled DESC, name, staff id — as the database orders names.
  const byStaff = [...staff].map(([staffId, s]) => ({ staffId, name: s.name, order: s.order, t: s.totals }))
    .sort((a, b) => b.t.n - a.t.n || a.order - b.order);

  return {
    period: { from: period.from, to: period.to },
    scope: { communityIds: scope },
    received: {
      total: all.n,
      byType: maps.type,
      byChannel: maps.channel,
      byCategory: maps.category,
      byUrgency: maps.urgency,
      byBuilding: maps.building,
    },
    cancelled: all.n - live.n,
    rates: {
      onTimeResponse: ratio(live.responded_on_time, responseDue),
      onTimeResolution: ratio(live.resolved_on_time, live.resolved),
      resolution: ratio(live.solved, live.judged),
      satisfaction: ratio(live.good_ratings, live.ratings),
      ratingParticipation: ratio(live.rated_cases, live.resolved),
      followUp: ratio(live.followed_up, live.follow_up_required),
      reopen: ratio(live.reopened, live.resolved),
    },
    satisfactionMean: round(mean(live.rating_sum, live.ratings), 2),
    responseMinutes: { mean: round(mean(live.response_sum, live.response_n)), median: round(responseMedian), p90: round(responseP90) },
    resolutionMinutes: { mean: round(mean(live.resolution_sum, live.resolution_n)), median: round(resolutionMedian), p90: round(resolutionP90) },
    urges: { count: all.urges, casesUrged: all.cases_urged, liveCasesUrged: live.cases_urged },
    repeatComplaints: live.repeat_complaints,
    backlog: { open: atCutoff.open, overdue: atCutoff.overdue, unacceptedOverdue: atCutoff.unaccepted_overdue },
    awaiting: { followUps: atCutoff.follow_ups_not_due, ratings: atCutoff.ratings_awaited },
    byStaff: byStaff.map(({ staffId, name, t }) => ({
      staffId,
      name,
      handled: t.n,
      medianResolutionMinutes: round(percentileCont(resolutionByStaff.get(staffId) ?? [], [0.5])[0]),
      satisfaction: ratio(t.good_ratings, t.ratings),
      reopenRate: ratio(t.reopened, t.resolved),
    })),
    counts: {
      responseDue,
      respondedOnTime: live.responded_on_time,
      resolved: live.resolved,
      resolvedOnTime: live.resolved_on_time,
      judged: live.judged,
      solved: live.solved,
      ratings: live.ratings,
      goodRatings: live.good_ratings,
      ratingSum: live.rating_sum,
      ratedCases: live.rated_cases,
      followUpRequired: live.follow_up_required,
      followedUp: live.followed_up,
      reopened: live.reopened,
    },
  };
}
