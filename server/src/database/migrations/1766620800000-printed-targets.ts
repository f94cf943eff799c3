import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The targets a work summary suggested for the next period, as it printed them the first time it
 * was made after its period ended. Read again later, that period's figures have moved on (late
 * ratings, resolutions and visits of its cases), so suggestions computed again would differ from
 * the ones handed out — and the next summary would score, and 采用建议目标 would save, targets nobody
 * was ever given. Keyed by the scope (as report_targets) and the summary's own period: two periods
 * can suggest for the same next one (2 March–1 April and March both for April), and the one that
 * counts for a period is the summary of its previousPeriod.
 */
export class PrintedTargets1766620800000 implements MigrationInterface {
  name = 'PrintedTargets1766620800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_printed_targets (
        scope_key varchar(2000) NOT NULL,
        summary_from date NOT NULL,
        summary_to date NOT NULL,
        metric varchar(40) NOT NULL,
        baseline double precision,
        target double precision NOT NULL,
        deadline date NOT NULL,
        responsible_role varchar(40) NOT NULL,
        printed_at timestamptz NOT NULL,
        CHECK (summary_to > summary_from),
        PRIMARY KEY (scope_key, summary_from, summary_to, metric)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE report_printed_targets');
  }
}
