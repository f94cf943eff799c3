import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports: the indexes the metrics query needs, and the saved SMART targets that the next work
 * summary scores. Runs on PostgreSQL 15 and PGlite.
 */
export class Reports1764979200000 implements MigrationInterface {
  name = 'Reports1764979200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- The period cohort of an admin report over every community (community reports use cases_community_created_idx).
      CREATE INDEX cases_created_idx ON cases (created_at);
      -- Backlog at a past period end: cases still open now, or changed after that instant.
      CREATE INDEX cases_open_community_idx ON cases (community_id, created_at)
        WHERE status IN ('submitted','accepted','assigned','in_progress','on_hold');
      CREATE INDEX cases_updated_idx ON cases (updated_at);
      -- Repeat complaints: an earlier complaint from the same house and category within 30 days.
      CREATE INDEX cases_complaint_house_idx ON cases (house_id, category, created_at)
        WHERE type = 'complaint' AND house_id IS NOT NULL;
      -- Who resolved a case that had no handler (inquiries answered by an agent).
      CREATE INDEX case_events_resolve_idx ON case_events (case_id, seq) WHERE action = 'resolve';
      CREATE INDEX verifications_case_idx ON verifications (case_id) INCLUDE (cycle, fixed);
      CREATE INDEX ratings_case_idx ON ratings (case_id) INCLUDE (overall);

      CREATE TABLE report_targets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- 'all' or the sorted community ids joined by ',': the scope the target was set for.
        scope_key varchar(2000) NOT NULL,
        period_from date NOT NULL,
        period_to date NOT NULL,
        metric varchar(40) NOT NULL,
        baseline double precision,
        target double precision NOT NULL,
        deadline date NOT NULL,
        responsible_role varchar(40) NOT NULL,
        created_by_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (period_to > period_from),
        UNIQUE (scope_key, period_from, period_to, metric)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE report_targets;
      DROP INDEX ratings_case_idx, verifications_case_idx, case_events_resolve_idx, cases_complaint_house_idx,
        cases_updated_idx, cases_open_community_idx, cases_created_idx;
    `);
  }
}
