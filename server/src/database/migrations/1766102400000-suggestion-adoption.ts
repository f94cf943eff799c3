import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a resolved suggestion (建议) was adopted: set by every `resolve` of a suggestion (staff must
 * say; the latest resolution counts), null for other types and unresolved suggestions. The work
 * summary reports suggestions received and adopted (SPEC §4.3).
 *
 * A nullable column without a default is a catalogue change only; the ALTER still waits for its lock
 * behind running transactions on `cases`: at most 5 s, then it fails, to run again at the replica's
 * restart (as 1765756800000).
 */
export class SuggestionAdoption1766102400000 implements MigrationInterface {
  name = 'SuggestionAdoption1766102400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(`ALTER TABLE cases ADD COLUMN suggestion_adopted boolean`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN suggestion_adopted`);
  }
}
