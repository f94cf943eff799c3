import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The resolution rate (解决率) is decided by the latest judging feedback of a case
 * (cases.feedback_rank, migration 1765152000000; odd = solved). An unsatisfied follow-up ranked
 * cycle*4 + 2, below a satisfied one of the same cycle (cycle*4 + 3): a case visited satisfied
 * before the owner rated low, then visited again unsatisfied and reopened, still counted as solved.
 * An unsatisfied follow-up reopens the case, so nothing of its cycle is recorded after it: it now
 * ranks cycle*4 + 4, at the start of the next cycle (case-lifecycle.ts recordFollowUp).
 *
 * Re-ranks the cases with an unsatisfied follow-up, as the lifecycle code ranks them (the greatest
 * rank). Only those whose rank changes are written; the roll-up triggers (migration 1765324800000)
 * append what their `judged`/`solved` contributions changed to the pending roll-up rows in the same
 * transaction, so the monthly roll-ups stay equal to the cases. Runs on PostgreSQL 15 and PGlite.
 */
export class FeedbackRankLatest1765497600000 implements MigrationInterface {
  name = 'FeedbackRankLatest1765497600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(rerank(4));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(rerank(2));
  }
}

/** Sets feedback_rank of the cases with an unsatisfied follow-up, that follow-up ranking cycle*4 + `unsatisfied`. */
const rerank = (unsatisfied: number) => `
  UPDATE cases c SET feedback_rank = f.rank
  FROM (SELECT case_id, max(rank) AS rank
        FROM (SELECT case_id, cycle * 4 + CASE WHEN fixed = 'yes' THEN 1 ELSE 0 END AS rank FROM verifications
              UNION ALL
              SELECT case_id, cycle * 4 + CASE WHEN result IN ('satisfied', 'basically_satisfied') THEN 3 ELSE ${unsatisfied} END
              FROM follow_ups WHERE result <> 'unreachable') x
        WHERE case_id IN (SELECT case_id FROM follow_ups WHERE result = 'unsatisfied')
        GROUP BY case_id) f
  WHERE f.case_id = c.id AND c.feedback_rank IS DISTINCT FROM f.rank`;
