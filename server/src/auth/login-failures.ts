import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app.exception';
import { clientAddressKey } from '../common/client-address';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app.config';

/** Failed logins allowed per username from one address (its key) in the window. */
export const FAILURES_PER_ADDRESS = 5;
/** Failed logins allowed per username from all addresses together in the window. */
export const FAILURES_PER_USERNAME = 30;
export const FAILURE_WINDOW_MINUTES = 15;
/** An address a username signed in from stays known this long after the last sign-in. */
export const KNOWN_ADDRESS_DAYS = 30;
const PRUNE_INTERVAL_MS = 3_600_000;

/**
 * The password-login lockout. Five wrong passwords from one address lock the username for that
 * address for 15 minutes; someone guessing cannot lock the real user out from their own office
 * (before, five guesses from anywhere locked `admin` for everyone, again every 15 minutes). Guesses
 * spread over many addresses are still bounded per username: 30 in 15 minutes lock it everywhere,
 * ~2 900 a day at most, against passwords of at least 8 characters — everywhere but the addresses
 * the username signed in from in the last 30 days, which keep only their own limit of five: six
 * addresses' guesses do not lock the real user out of their office. An IPv6 client counts by its /64.
 *
 * Rows that decide nothing any more are pruned hourly (on every replica: the DELETEs are idempotent).
 */
@Injectable()
export class LoginFailures {
  private readonly logger = new Logger(LoginFailures.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * Counts this attempt as a failure before the password is checked, unless the username is locked
   * for this address (or for all). Attempts on one username take turns (a transaction-level advisory
   * lock, across replicas), so guesses sent at the same moment cannot all see a count of zero.
   */
  async reserve(username: string, ip: string | undefined): Promise<void> {
    const address = clientAddressKey(ip);
    const now = this.clock.now();
    const since = new Date(now.getTime() - FAILURE_WINDOW_MINUTES * 60_000);
    const knownSince = new Date(now.getTime() - KNOWN_ADDRESS_DAYS * 86_400_000);
    await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('login:' || $1))`, [username]);
      const [{ fromAddress, fromAll, known }] = await tx.query(
        `SELECT count(*) FILTER (WHERE address = $3)::int AS "fromAddress", count(*)::int AS "fromAll",
                EXISTS (SELECT 1 FROM login_known_addresses k WHERE k.username = $1 AND k.address = $3 AND k.last_success_at > $4) AS known
         FROM login_failures WHERE username = $1 AND created_at > $2`, [username, since, address, knownSince]);
      if (fromAddress >= FAILURES_PER_ADDRESS || (fromAll >= FAILURES_PER_USERNAME && !known)) throw new AppException('LOGIN_RATE_LIMITED');
      await tx.query('INSERT INTO login_failures (username, address, created_at) VALUES ($1, $2, $3)', [username, address, now]);
    });
  }

  /**
   * A successful login forgets this address's failures for the username (other addresses' stay
   * counted) and makes the address a known one of the username.
   */
  async succeeded(username: string, ip: string | undefined): Promise<void> {
    const address = clientAddressKey(ip);
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM login_failures WHERE username = $1 AND address = $2', [username, address]);
      await tx.query(
        `INSERT INTO login_known_addresses (username, address, last_success_at) VALUES ($1, $2, $3)
         ON CONFLICT (username, address) DO UPDATE SET last_success_at = EXCLUDED.last_success_at`,
        [username, address, this.clock.now()]);
    });
  }

  @Interval('login-failures-prune', PRUNE_INTERVAL_MS)
  async tick(): Promise<void> {
    if (!this.config.sweepEnabled) return;
    try {
      await this.prune();
    } catch (error) {
      this.logger.error(`login failure prune failed: ${(error as Error).stack}`);
    }
  }

  /** Removes the failures older than the window and the addresses no longer known; returns how many rows. */
  async prune(): Promise<number> {
    const now = this.clock.now().getTime();
    const [, failures] = (await this.db.query('DELETE FROM login_failures WHERE created_at <= $1',
      [new Date(now - FAILURE_WINDOW_MINUTES * 60_000)])) as [unknown, number];
    const [, addresses] = (await this.db.query('DELETE FROM login_known_addresses WHERE last_success_at <= $1',
      [new Date(now - KNOWN_ADDRESS_DAYS * 86_400_000)])) as [unknown, number];
    return failures + addresses;
  }
}
