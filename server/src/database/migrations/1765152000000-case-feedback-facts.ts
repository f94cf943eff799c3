import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feedback facts on the case row, so the metrics read each case once instead of joining the
 * verifications, ratings, follow-ups and resolve events of a whole period (docs/performance.md).
 * The lifecycle code keeps them in the same transaction as the feedback row it writes
 * (case-lifecycle.ts: recordVerification, recordRating, recordFollowUp, markResolved); this
 * migration backfills them from the tables. `feedbackFactsDrift` (cases/feedback-facts.ts) compares
 * the two. Runs on PostgreSQL 15 and PGlite.
 */
export class CaseFeedbackFacts1765152000000 implements MigrationInterface {
  name = 'CaseFeedbackFacts1765152000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        -- Ratings given (one per rated cycle), those with overall >= 4, and the sum of overall.
        ADD COLUMN rating_count int NOT NULL DEFAULT 0,
        ADD COLUMN rating_good int NOT NULL DEFAULT 0,
        ADD COLUMN rating_sum int NOT NULL DEFAULT 0,
        -- The latest feedback that judged the resolution: max over verifications (cycle*4 + yes)
        -- and follow-ups that reached the owner (cycle*4 + 2 + satisfied|basically satisfied);
        -- odd = solved, NULL = never judged.
        ADD COLUMN feedback_rank int,
        -- A follow-up that reached the owner (not unreachable) exists.
        ADD COLUMN followed_up boolean NOT NULL DEFAULT false,
        -- Who resolved the case first (the actor of its first resolve event).
        ADD COLUMN first_resolver_id uuid REFERENCES users(id);

      UPDATE cases c SET rating_count = r.n, rating_good = r.good, rating_sum = r.score
      FROM (SELECT case_id, count(*)::int AS n, (count(*) FILTER (WHERE overall >= 4))::int AS good, sum(overall)::int AS score
            FROM ratings GROUP BY case_id) r
      WHERE r.case_id = c.id;

      UPDATE cases c SET feedback_rank = f.rank, followed_up = f.followed_up
      FROM (SELECT case_id, max(rank) AS rank, bool_or(follow_up) AS followed_up
            FROM (SELECT case_id, cycle * 4 + CASE WHEN fixed = 'yes' THEN 1 ELSE 0 END AS rank, false AS follow_up FROM verifications
                  UNION ALL
                  SELECT case_id, cycle * 4 + 2 + CASE WHEN result IN ('satisfied', 'basically_satisfied') THEN 1 ELSE 0 END, true
                  FROM follow_ups WHERE result <> 'unreachable') x
            GROUP BY case_id) f
      WHERE f.case_id = c.id;

      UPDATE cases c SET first_resolver_id = e.actor_id
      FROM (SELECT DISTINCT ON (case_id) case_id, actor_id FROM case_events WHERE action = 'resolve' ORDER BY case_id, seq) e
      WHERE e.case_id = c.id AND e.actor_id IS NOT NULL;

      -- Repeat complaints: the live complaints of a community in a period, read without the heap
      -- when the visibility map allows (metrics.query.ts repeatComplaintsSql).
      CREATE INDEX cases_live_complaint_idx ON cases (community_id, created_at) INCLUDE (house_id, category)
        WHERE type = 'complaint' AND house_id IS NOT NULL AND status <> 'cancelled';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX cases_live_complaint_idx;
      ALTER TABLE cases DROP COLUMN rating_count, DROP COLUMN rating_good, DROP COLUMN rating_sum, DROP COLUMN feedback_rank,
        DROP COLUMN followed_up, DROP COLUMN first_resolver_id;
    `);
  }
}
