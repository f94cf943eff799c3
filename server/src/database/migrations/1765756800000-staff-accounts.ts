import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff accounts can be stopped and their sign-ins withdrawn (users/staff.service.ts):
 *
 * - `disabled_at`: set when a staff member leaves; the account no longer signs in, and every token
 *   it holds is refused at once (the auth guard reads the row on every request);
 * - `session_version`: carried in every token issued (`ver`; a token without one is version 0); a
 *   token of another version is refused. Raised when the password is reset or the account is stopped,
 *   so every device signed in before is signed out, and the next sign-in works at once.
 *
 * Null and 0 for every existing row, matching every token already issued: nothing changes for anyone
 * until an admin acts. Adding the columns rewrites nothing, but takes `users`' ACCESS EXCLUSIVE lock,
 * and every request reads `users`: behind a long transaction holding it, the ALTER would hold every
 * request back. So it waits at most 5 s for the lock and fails instead; the replica exits and starts
 * again (docker's restart policy), and the migration runs once the table is free.
 */
export class StaffAccounts1765756800000 implements MigrationInterface {
  name = 'StaffAccounts1765756800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(`ALTER TABLE users ADD COLUMN disabled_at timestamptz, ADD COLUMN session_version integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN session_version, DROP COLUMN disabled_at;`);
  }
}
