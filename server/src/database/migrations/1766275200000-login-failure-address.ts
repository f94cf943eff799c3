import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A failed login records the client's address key (common/client-address.ts), so that guesses from
 * one address lock the username for that address only, and the real user elsewhere can still sign
 * in; failures from all addresses together lock it at a higher count. Rows from before carry '' and
 * age out of the 15-minute window like any other.
 */
export class LoginFailureAddress1766275200000 implements MigrationInterface {
  name = 'LoginFailureAddress1766275200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE login_failures ADD COLUMN address varchar(64) NOT NULL DEFAULT ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE login_failures DROP COLUMN address`);
  }
}
