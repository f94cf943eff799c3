import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DATABASE_SETTINGS, type DatabaseSettings } from '../database/hot-statements';
import type { AuthUser } from './auth-user';

/** What the guard reads of a user: who they are, and what decides whether a token still holds. */
export interface SignedInUser extends AuthUser {
  disabled: boolean;
  sessionVersion: number;
}

/** Where migration 1765929600000's triggers announce a changed or removed user. */
export const USER_CHANGES_CHANNEL = 'wuye_users';

/** A safety net only: a kept user is forgotten when announced, or after this long at the latest. */
const KEEP_MS = 60_000;
const MAX_USERS = 10_000;
const RETRY_MS = 1_000;
const HEARTBEAT_MS = 30_000;

/**
 * The users the guard checked, kept between requests so that a request costs one round trip to
 * the database instead of two (docs/performance.md). A change must still apply at once, so a user
 * is kept only while this process is told of every change: it LISTENs on `wuye_users`, where a
 * trigger on `users` announces each change after it commits, however it was made.
 *
 * - Nothing is kept while the listening connection is down (lost, not yet open, reconnecting);
 *   when it (re)opens, everything kept before is forgotten, because announcements in between were missed.
 * - A read that overlapped an announcement is not kept (`mark` before the read, `remember` after):
 *   it may have read the row before the change committed.
 * - The API's own staff changes also forget the user in this process as soon as they commit; other
 *   replicas learn of them from the announcement, within milliseconds.
 *
 * On a PostgreSQL server reached directly only. Off on the embedded database (PGlite delivers an
 * announcement on the connection that made the change, not on the listening one) and with
 * DB_PREPARED_STATEMENTS=false (a pooler in transaction mode keeps no LISTEN): every request reads its user.
 */
@Injectable()
export class UserCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(UserCache.name);
  private readonly users = new Map<string, { user: SignedInUser; until: number }>();
  /** Raised by every announcement and every lost connection; a read stores only if it did not move. */
  private epoch = 0;
  private listener: Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(@Inject(DATABASE_SETTINGS) private readonly settings: DatabaseSettings) {}

  get enabled(): boolean {
    return !this.settings.embedded && this.settings.preparedStatements;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.enabled) await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  /** Taken before reading a user from the database, handed back to `remember`. */
  mark(): number {
    return this.epoch;
  }

  get(id: string): SignedInUser | undefined {
    if (!this.listener) return undefined;
    const kept = this.users.get(id);
    if (kept && kept.until > Date.now()) return kept.user;
    if (kept) this.users.delete(id);
    return undefined;
  }

  remember(user: SignedInUser, mark: number): void {
    if (!this.listener || mark !== this.epoch) return;
    if (this.users.size >= MAX_USERS) this.users.delete(this.users.keys().next().value as string);
    this.users.set(user.id, { user: Object.freeze({ ...user, communityIds: Object.freeze([...user.communityIds]) as string[] }), until: Date.now() + KEEP_MS });
  }

  /** One user (its id), or everyone (null). */
  forget(id: string | null): void {
    this.epoch += 1;
    if (id === null) this.users.clear();
    else this.users.delete(id);
  }

  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.settings.url,
      application_name: 'wuye-user-changes',
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      // The heartbeat's answer; a connection that stops answering is treated as lost.
      query_timeout: 5_000,
    });
    client.on('notification', (n) => this.forget(n.payload === '*' || !n.payload ? null : n.payload));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${USER_CHANGES_CHANNEL}`);
    } catch (error) {
      this.log.warn(`not listening for user changes (${(error as Error).message}); every request reads its user until it can`);
      this.lost(client);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    // Whatever was kept before may have changed unannounced.
    this.forget(null);
    this.listener = client;
    this.heartbeat = setInterval(() => void client.query('SELECT 1').catch(() => this.lost(client)), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** The listening connection failed or closed: keep nothing until a new one listens. */
  private lost(client: Client): void {
    if (this.listener === client) {
      this.listener = null;
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.heartbeat = null;
    }
    this.forget(null);
    client.end().catch(() => undefined);
    if (this.closed || this.retry || this.listener) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.listen();
    }, RETRY_MS);
    this.retry.unref();
  }
}
