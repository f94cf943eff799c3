import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that keep the staff queue's cost tied to the page, not the table (docs/performance.md):
 * the working views (open statuses, overdue) read only open cases, newest first, so their cost
 * follows the open backlog, not years of closed history; admins list every community newest first.
 * A b-tree is read backwards for `DESC`, and the `id` tie-break is an incremental sort of a few rows.
 *
 * The reports migration creates the first two with the same names and definitions; `IF NOT EXISTS`
 * keeps the queue's plans whatever becomes of that one, without a second copy of either index.
 */
export class QueueIndexes1765065600000 implements MigrationInterface {
  name = 'QueueIndexes1765065600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX IF NOT EXISTS cases_created_idx ON cases (created_at);
      CREATE INDEX IF NOT EXISTS cases_open_community_idx ON cases (community_id, created_at)
        WHERE status IN ('submitted','accepted','assigned','in_progress','on_hold');
      CREATE INDEX cases_open_created_idx ON cases (created_at)
        WHERE status IN ('submitted','accepted','assigned','in_progress','on_hold');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX cases_open_created_idx');
  }
}
