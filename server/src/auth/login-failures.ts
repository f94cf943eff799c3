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
const PRUNE_INTERVAL_MS = 3_600_000;

/**
 * The password-login lockout. Five wrong passwords from one address lock the username for that
 * address for 15 minutes; someone guessing cannot lock the real user out from their own office
 * (before, five guesses from anywhere locked `admin` for everyone, again every 15 minutes). Guesses
 * spread over many addresses are still bounded per username: 30 in 15 minutes lock it everywhere,
 * ~2 900 a day at most, against passwords of at least 8 characters. An IPv6 client counts by its /64.
 *
 * Rows older than the window decide nothing and are pruned hourly (on every replica: the DELETE is
 * idempotent).
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
    await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('login:' || $1))`, [username]);
      const [{ fromAddress, fromAll }] = await tx.query(
        `SELECT count(*) FILTER (WHERE address = $3)::int AS "fromAddress", count(*)::int AS "fromAll"
         FROM login_failures WHERE username = $1 AND created_at > $2`, [username, since, address]);
      if (fromAddress >= FAILURES_PER_ADDRESS || fromAll >= FAILURES_PER_USERNAME) throw new AppException('LOGIN_RATE_LIMITED');
      await tx.query('INSERT INTO login_failures (username, address, created_at) VALUES ($1, $2, $3)', [username, address, now]);
    });
  }

  /** A successful login forgets this address's failures for the username; other addresses' stay counted. */
  async clear(username: string, ip: string | undefined): Promise<void> {
    await this.db.query('DELETE FROM login_failures WHERE username = $1 AND address = $2', [username, clientAddressKey(ip)]);
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

  /** Removes the failures older than the window; returns how many. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - FAILURE_WINDOW_MINUTES * 60_000);
    const [, count] = (await this.db.query('DELETE FROM login_failures WHERE created_at <= $1', [cutoff])) as [unknown, number];
    return count;
  }
}
