import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A house binding can end (BindingsService.end): the owner moved out or sold the house, or a tenancy
 * ended. Status `revoked` (an application withdrawn while pending: `withdrawn`; the status column is
 * free text) and who ended it, when. The unique index
 * stays as it is (one binding per owner and house that is not `rejected`): applying again for a
 * house one's binding ended reopens that row as `pending`, which keeps a replica still on the old
 * version (whose insert names that index) working during a rolling deploy.
 *
 * Every owner's case list reads `house_bindings` (the access check): the ALTER waits at most 5 s for
 * its lock and fails otherwise, to run again at the replica's restart (as 1765756800000).
 */
export class BindingEnds1765843200000 implements MigrationInterface {
  name = 'BindingEnds1765843200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(`ALTER TABLE house_bindings ADD COLUMN ended_by_id uuid REFERENCES users(id), ADD COLUMN ended_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    // An ended binding reads as rejected to the old version (no access, may apply again).
    await q.query(`UPDATE house_bindings SET status = 'rejected' WHERE status IN ('revoked', 'withdrawn')`);
    await q.query(`ALTER TABLE house_bindings DROP COLUMN ended_at, DROP COLUMN ended_by_id`);
  }
}
