import type { EntityManager } from 'typeorm';

/**
 * The feedback facts kept on the case row (migration 1765152000000), recomputed from the feedback
 * tables. The lifecycle code maintains the columns as it writes each verification, rating and
 * follow-up; this is their definition, used to check that the two agree.
 *
 * `feedback_rank` is the rank (case-lifecycle.ts) of the judgement recorded last: the latest cycle,
 * and in it the latest `created_at` (equal times: verification, then satisfied, then unsatisfied
 * follow-up). The lifecycle code keeps the greatest rank instead; the two agree because ranks rise
 * in the order the lifecycle lets judgements be recorded — so this check fails if they ever do not
 * (as when a satisfied visit outranked the unsatisfied one recorded after it).
 */
export const FEEDBACK_FACTS_FROM_TABLES = `
  SELECT c.id,
         coalesce(r.n, 0) AS rating_count, coalesce(r.good, 0) AS rating_good, coalesce(r.score, 0) AS rating_sum,
         f.rank AS feedback_rank, coalesce(f.followed_up, false) AS followed_up,
         (SELECT e.actor_id FROM case_events e WHERE e.case_id = c.id AND e.action = 'resolve' ORDER BY e.seq LIMIT 1) AS first_resolver_id
  FROM cases c
  LEFT JOIN (SELECT case_id, count(*)::int AS n, (count(*) FILTER (WHERE overall >= 4))::int AS good, sum(overall)::int AS score
             FROM ratings GROUP BY case_id) r ON r.case_id = c.id
  LEFT JOIN (SELECT DISTINCT ON (case_id) case_id, rank, bool_or(follow_up) OVER (PARTITION BY case_id) AS followed_up
             FROM (SELECT case_id, cycle, created_at, cycle * 4 + CASE WHEN fixed = 'yes' THEN 1 ELSE 0 END AS rank, false AS follow_up
                   FROM verifications
                   UNION ALL
                   SELECT case_id, cycle, created_at, cycle * 4 + CASE WHEN result IN ('satisfied', 'basically_satisfied') THEN 3 ELSE 4 END, true
                   FROM follow_ups WHERE result <> 'unreachable') x
             ORDER BY case_id, cycle DESC, created_at DESC, rank DESC) f ON f.case_id = c.id`;

export interface FeedbackFactsDrift {
  id: string;
  stored: string;
  expected: string;
}

/** Cases whose stored feedback facts differ from what the feedback tables say (none, when all is well). */
export async function feedbackFactsDrift(manager: Pick<EntityManager, 'query'>, caseIds?: string[]): Promise<FeedbackFactsDrift[]> {
  return manager.query(
    `SELECT c.id,
            row(c.rating_count, c.rating_good, c.rating_sum, c.feedback_rank, c.followed_up, c.first_resolver_id)::text AS stored,
            row(t.rating_count, t.rating_good, t.rating_sum, t.feedback_rank, t.followed_up, t.first_resolver_id)::text AS expected
     FROM cases c JOIN (${FEEDBACK_FACTS_FROM_TABLES}) t ON t.id = c.id
     WHERE ($1::uuid[] IS NULL OR c.id = ANY($1::uuid[]))
       AND row(c.rating_count, c.rating_good, c.rating_sum, c.feedback_rank, c.followed_up, c.first_resolver_id)
           IS DISTINCT FROM row(t.rating_count, t.rating_good, t.rating_sum, t.feedback_rank, t.followed_up, t.first_resolver_id)
     ORDER BY c.id`,
    [caseIds ?? null],
  );
}
