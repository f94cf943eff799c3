import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monthly roll-ups of the report figures, kept by PostgreSQL itself, so that a report over whole
 * months reads a few thousand summed rows instead of every case of the period
 * (docs/reports.md, "Roll-ups"; docs/performance.md).
 *
 * - `report_month_stats`: per community, Asia/Shanghai month of creation, type, channel, category,
 *   urgency, building, staff member and live (not cancelled), the counts and sums every figure but
 *   the percentiles adds up from. `report_month_minutes`: per community and month, how many live
 *   cases had each response time, and each resolution time per staff member (the exact
 *   percentiles are computed from these frequencies).
 * - Statement-level triggers on `cases` append what each INSERT, UPDATE or DELETE changed — the new
 *   rows' contributions minus the old rows' — to the `_pending` tables. Appending never waits for
 *   another transaction (no shared counter row is locked) and commits or rolls back with the
 *   statement that caused it. Reports read the compacted and the pending rows together; the
 *   compaction job (reports/report-rollups.service.ts) moves pending rows into the compacted table.
 * - `cases.repeat_complaint`: a complaint with an earlier live complaint from the same house and
 *   category within the 30 days before it. Row triggers set it when a complaint is written and
 *   correct the later complaints of that house and category when an earlier one appears, moves
 *   or is cancelled; a transaction-scoped advisory lock per (house, category) keeps concurrent
 *   submissions from missing each other.
 *
 * Everything is backfilled from the existing cases. Runs on PostgreSQL 15 and PGlite.
 */
export class ReportMonthRollups1765324800000 implements MigrationInterface {
  name = 'ReportMonthRollups1765324800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases ADD COLUMN repeat_complaint boolean NOT NULL DEFAULT false;
      UPDATE cases c SET repeat_complaint = true
      WHERE c.type = 'complaint' AND c.house_id IS NOT NULL AND ${earlierLiveComplaint('c')};
      -- The flag replaces the per-report lag() over live complaints.
      DROP INDEX IF EXISTS cases_live_complaint_idx;
      -- Live cases never responded to: the part of "response due" that depends on the report's cutoff.
      CREATE INDEX cases_unresponded_idx ON cases (created_at, community_id)
        WHERE first_responded_at IS NULL AND status <> 'cancelled';

      CREATE TABLE report_month_stats (
        community_id uuid NOT NULL,
        month date NOT NULL,
        type varchar(20) NOT NULL,
        channel varchar(20) NOT NULL,
        category varchar(30) NOT NULL,
        urgency varchar(10) NOT NULL,
        building varchar(50) NOT NULL,
        staff_id uuid,
        live boolean NOT NULL,
        ${STAT_SUMS.map(([name]) => `${name} bigint NOT NULL`).join(',\n        ')}
      );
      CREATE UNIQUE INDEX report_month_stats_key ON report_month_stats (${STAT_KEYS.join(', ')}) NULLS NOT DISTINCT;
      CREATE TABLE report_month_stats_pending (LIKE report_month_stats);
      CREATE INDEX report_month_stats_pending_month_idx ON report_month_stats_pending (month);

      CREATE TABLE report_month_minutes (
        community_id uuid NOT NULL,
        month date NOT NULL,
        resolution boolean NOT NULL,
        staff_id uuid,
        minutes int NOT NULL,
        n bigint NOT NULL
      );
      CREATE UNIQUE INDEX report_month_minutes_key ON report_month_minutes (${MINUTE_KEYS.join(', ')}) NULLS NOT DISTINCT;
      CREATE TABLE report_month_minutes_pending (LIKE report_month_minutes);
      CREATE INDEX report_month_minutes_pending_month_idx ON report_month_minutes_pending (month);

      INSERT INTO report_month_stats ${statDeltas([['cases', 1]])};
      INSERT INTO report_month_minutes ${minuteDeltas([['cases', 1]])};

      -- INSERT and DELETE: once per statement, over all its rows (bulk loads aggregate before appending).
      CREATE FUNCTION report_rollups_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO report_month_stats_pending ${statDeltas([['new_rows', 1]])};
          INSERT INTO report_month_minutes_pending ${minuteDeltas([['new_rows', 1]])};
        ELSE
          INSERT INTO report_month_stats_pending ${statDeltas([['old_rows', -1]])};
          INSERT INTO report_month_minutes_pending ${minuteDeltas([['old_rows', -1]])};
        END IF;
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER cases_report_rollups_insert AFTER INSERT ON cases
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_rollups_apply();
      CREATE TRIGGER cases_report_rollups_delete AFTER DELETE ON cases
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_rollups_apply();

      -- UPDATE: per row, and only when a column the roll-ups read changed (most writes of the sweep
      -- and several actions change none), the new row's contribution minus the old one's.
      CREATE FUNCTION report_rollups_apply_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO report_month_stats_pending ${statDeltas([['(SELECT NEW.*)', 1], ['(SELECT OLD.*)', -1]])};
        INSERT INTO report_month_minutes_pending ${minuteDeltas([['(SELECT NEW.*)', 1], ['(SELECT OLD.*)', -1]])};
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER cases_report_rollups_update AFTER UPDATE ON cases FOR EACH ROW
        WHEN ((${ROLLUP_INPUTS.map((col) => `OLD.${col}`).join(', ')}) IS DISTINCT FROM (${ROLLUP_INPUTS.map((col) => `NEW.${col}`).join(', ')}))
        EXECUTE FUNCTION report_rollups_apply_update();

      -- Serialises the writers of one (house, category)'s complaints until they commit.
      CREATE FUNCTION repeat_complaint_lock(house uuid, category text) RETURNS void LANGUAGE sql AS $fn$
        SELECT pg_advisory_xact_lock(hashtextextended('repeat-complaint/' || house::text || '/' || category, 0));
      $fn$;

      -- The complaint's own flag, whenever it is written or its house, category or time changes.
      CREATE FUNCTION cases_repeat_complaint_own() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF NEW.type = 'complaint' AND NEW.house_id IS NOT NULL THEN
          PERFORM repeat_complaint_lock(NEW.house_id, NEW.category);
          NEW.repeat_complaint := EXISTS (
            SELECT 1 FROM cases p
            WHERE p.type = 'complaint' AND p.house_id = NEW.house_id AND p.category = NEW.category AND p.status <> 'cancelled'
              AND p.created_at >= NEW.created_at - interval '30 days' AND p.created_at < NEW.created_at AND p.id <> NEW.id);
        ELSE
          NEW.repeat_complaint := false;
        END IF;
        RETURN NEW;
      END $fn$;
      CREATE TRIGGER cases_repeat_complaint_own BEFORE INSERT OR UPDATE OF type, house_id, category, created_at ON cases
        FOR EACH ROW EXECUTE FUNCTION cases_repeat_complaint_own();

      -- The later complaints (30 days after \`since\`) of one house and category, set right.
      CREATE FUNCTION repeat_complaint_refresh(house uuid, cat text, since timestamptz) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM repeat_complaint_lock(house, cat);
        UPDATE cases c SET repeat_complaint = ${earlierLiveComplaint('c')}
        WHERE ${laterComplaints} AND c.repeat_complaint IS DISTINCT FROM ${earlierLiveComplaint('c')};
      END $fn$;

      CREATE FUNCTION cases_repeat_complaint_later() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        moved boolean := TG_OP = 'INSERT' OR (OLD.type, OLD.house_id, OLD.category, OLD.created_at, OLD.status <> 'cancelled')
          IS DISTINCT FROM (NEW.type, NEW.house_id, NEW.category, NEW.created_at, NEW.status <> 'cancelled');
      BEGIN
        IF NOT moved THEN RETURN NULL; END IF;
        IF TG_OP = 'UPDATE' AND OLD.type = 'complaint' AND OLD.house_id IS NOT NULL THEN
          PERFORM repeat_complaint_refresh(OLD.house_id, OLD.category, OLD.created_at);
        END IF;
        IF NEW.type = 'complaint' AND NEW.house_id IS NOT NULL THEN
          PERFORM repeat_complaint_refresh(NEW.house_id, NEW.category, NEW.created_at);
        END IF;
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER cases_repeat_complaint_later AFTER INSERT OR UPDATE OF type, house_id, category, created_at, status ON cases
        FOR EACH ROW EXECUTE FUNCTION cases_repeat_complaint_later();
      ANALYZE report_month_stats, report_month_minutes;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER cases_repeat_complaint_later ON cases;
      DROP TRIGGER cases_repeat_complaint_own ON cases;
      DROP TRIGGER cases_report_rollups_insert ON cases;
      DROP TRIGGER cases_report_rollups_update ON cases;
      DROP TRIGGER cases_report_rollups_delete ON cases;
      DROP FUNCTION cases_repeat_complaint_later(), repeat_complaint_refresh(uuid, text, timestamptz), cases_repeat_complaint_own(),
        repeat_complaint_lock(uuid, text), report_rollups_apply(), report_rollups_apply_update();
      DROP TABLE report_month_minutes_pending, report_month_minutes, report_month_stats_pending, report_month_stats;
      DROP INDEX cases_unresponded_idx;
      CREATE INDEX cases_live_complaint_idx ON cases (community_id, created_at) INCLUDE (house_id, category)
        WHERE type = 'complaint' AND house_id IS NOT NULL AND status <> 'cancelled';
      ALTER TABLE cases DROP COLUMN repeat_complaint;
    `);
  }
}

/** Asia/Shanghai month of a case's creation, as the date of its first day. */
const month = (c: string) => `date_trunc('month', ${c}.created_at AT TIME ZONE 'Asia/Shanghai')::date`;
/** The staff member a case counts for (as metrics.query.ts STAFF). */
const staff = (c: string) => `coalesce(${c}.assignee_id, CASE WHEN ${c}.first_resolved_at IS NOT NULL THEN ${c}.first_resolver_id END)`;

/**
 * Every column of `cases` that statKeyValues, STAT_SUMS and minuteDeltas read (the status only
 * through "cancelled or not"). An UPDATE that changes none of them changes no roll-up.
 */
export const ROLLUP_INPUTS = ['community_id', 'created_at', 'type', 'channel', 'category', 'urgency', 'house_id', 'assignee_id',
  'first_resolver_id', "status = 'cancelled'", 'first_responded_at', 'respond_deadline_at', 'first_resolved_at', 'resolve_deadline_at',
  'feedback_rank', 'rating_count', 'rating_good', 'rating_sum', 'follow_up_required', 'followed_up', 'reopen_count', 'response_minutes',
  'resolution_minutes', 'urge_count', 'repeat_complaint'];

const STAT_KEYS = ['community_id', 'month', 'type', 'channel', 'category', 'urgency', 'building', 'staff_id', 'live'];
/** The building a case counts under (this migration's; 1766188800000 adds a public area's building). */
export const BUILDING_OF_CASE = `coalesce(h.building, '公共区域')`;
const statKeyValues = (c: string, building: string) => [`${c}.community_id`, month(c), `${c}.type`, `${c}.channel`, `${c}.category`,
  `${c}.urgency`, building, staff(c), `${c}.status <> 'cancelled'`];

/**
 * What one case adds to its group: column and value over the case row `c` (as metrics.query.ts reads
 * cases); 1766448000000 changes `resolved_on_time`.
 */
export const STAT_SUMS: Array<[string, string]> = [
  ['n', '1'],
  ['responded', '(c.first_responded_at IS NOT NULL)::int'],
  ['responded_on_time', 'coalesce(c.first_responded_at <= c.respond_deadline_at, false)::int'],
  ['resolved', '(c.first_resolved_at IS NOT NULL)::int'],
  ['resolved_on_time', 'coalesce(c.first_resolved_at <= c.resolve_deadline_at, false)::int'],
  ['judged', '(c.feedback_rank IS NOT NULL)::int'],
  ['solved', 'coalesce(c.feedback_rank % 2 = 1, false)::int'],
  ['ratings', 'c.rating_count'],
  ['good_ratings', 'c.rating_good'],
  ['rating_sum', 'c.rating_sum'],
  ['rated_cases', '(c.first_resolved_at IS NOT NULL AND c.rating_count > 0)::int'],
  ['follow_up_required', 'coalesce(c.follow_up_required OR c.followed_up, false)::int'],
  ['followed_up', 'c.followed_up::int'],
  ['reopened', '(c.first_resolved_at IS NOT NULL AND c.reopen_count > 0)::int'],
  ['response_sum', 'coalesce(c.response_minutes, 0)'],
  ['response_n', '(c.response_minutes IS NOT NULL)::int'],
  ['resolution_sum', 'coalesce(c.resolution_minutes, 0)'],
  ['resolution_n', '(c.resolution_minutes IS NOT NULL)::int'],
  ['urges', 'c.urge_count'],
  ['cases_urged', '(c.urge_count > 0)::int'],
  ['repeat_complaints', 'c.repeat_complaint::int'],
];

/**
 * `SELECT` of the summed contributions of some row sets, each with a sign (+1 new rows, -1 old
 * rows), grouped by the roll-up key; groups that net to nothing are left out.
 */
export function statDeltas(sources: Array<[string, 1 | -1]>, building = BUILDING_OF_CASE, sums = STAT_SUMS): string {
  const parts = sources.map(([table, sign]) => `
    SELECT ${statKeyValues('c', building).map((v, i) => `${v} AS ${STAT_KEYS[i]}`).join(', ')},
           ${sums.map(([name, value]) => `${sign} * (${value}) AS ${name}`).join(', ')}
    FROM ${table} c LEFT JOIN houses h ON h.id = c.house_id`);
  return `(${STAT_KEYS.join(', ')}, ${sums.map(([name]) => name).join(', ')})
    SELECT ${STAT_KEYS.join(', ')}, ${sums.map(([name]) => `sum(${name})`).join(', ')}
    FROM (${parts.join(' UNION ALL ')}) d
    GROUP BY ${STAT_KEYS.join(', ')}
    HAVING ${sums.map(([name]) => `sum(${name}) <> 0`).join(' OR ')}`;
}

const MINUTE_KEYS = ['community_id', 'month', 'resolution', 'staff_id', 'minutes'];

/** Frequencies of live cases' response minutes and resolution minutes per staff member, signed as statDeltas. */
export function minuteDeltas(sources: Array<[string, 1 | -1]>): string {
  const parts = sources.flatMap(([table, sign]) => [
    `SELECT c.community_id, ${month('c')} AS month, false AS resolution, NULL::uuid AS staff_id, c.response_minutes AS minutes, ${sign} AS n
     FROM ${table} c WHERE c.status <> 'cancelled' AND c.response_minutes IS NOT NULL`,
    `SELECT c.community_id, ${month('c')}, true, ${staff('c')}, c.resolution_minutes, ${sign}
     FROM ${table} c WHERE c.status <> 'cancelled' AND c.resolution_minutes IS NOT NULL`,
  ]);
  return `(${MINUTE_KEYS.join(', ')}, n)
    SELECT ${MINUTE_KEYS.join(', ')}, sum(n) FROM (${parts.join(' UNION ALL ')}) d
    GROUP BY ${MINUTE_KEYS.join(', ')} HAVING sum(n) <> 0`;
}

/** An earlier live complaint from the same house and category within the 30 days before complaint `c`. */
const earlierLiveComplaint = (c: string) => `EXISTS (
  SELECT 1 FROM cases p
  WHERE p.type = 'complaint' AND p.house_id = ${c}.house_id AND p.category = ${c}.category AND p.status <> 'cancelled'
    AND p.created_at >= ${c}.created_at - interval '30 days' AND p.created_at < ${c}.created_at)`;

/** Complaints of (house, cat) created in the 30 days after `since` (parameters of repeat_complaint_refresh). */
const laterComplaints = `c.type = 'complaint' AND c.house_id = house AND c.category = cat
  AND c.created_at > since AND c.created_at <= since + interval '30 days'`;
