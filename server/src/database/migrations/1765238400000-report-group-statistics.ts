import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports read a period's cases once, grouped by type, channel, category, urgency, building, staff
 * member and cancelled-or-not (reports/metrics.query.ts). Without statistics on how those columns
 * go together the planner multiplies their distinct counts, expects one group per row and sorts
 * every row instead of a parallel hash aggregate into a few hundred groups. These extended
 * statistics (ndistinct, filled by ANALYZE) give it the real number of combinations. The two
 * expressions are written exactly as in the query (the staff member a case counts for; live).
 */
export class ReportGroupStatistics1765238400000 implements MigrationInterface {
  name = 'ReportGroupStatistics1765238400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE STATISTICS cases_report_groups_stat (ndistinct)
        ON type, channel, category, urgency,
           (coalesce(assignee_id, CASE WHEN first_resolved_at IS NOT NULL THEN first_resolver_id END)),
           (status <> 'cancelled')
        FROM cases;
      ANALYZE cases;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP STATISTICS cases_report_groups_stat');
  }
}
