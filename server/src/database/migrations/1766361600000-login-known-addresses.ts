import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The addresses (client-address keys) each username signed in from, with the last time: from one
 * of them, the real user still signs in while guesses spread over many other addresses have locked
 * the username everywhere else (LoginFailures). Kept 30 days after the last sign-in.
 */
export class LoginKnownAddresses1766361600000 implements MigrationInterface {
  name = 'LoginKnownAddresses1766361600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_known_addresses (
        username varchar(50) NOT NULL,
        address varchar(64) NOT NULL,
        last_success_at timestamptz NOT NULL,
        PRIMARY KEY (username, address)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE login_known_addresses');
  }
}
