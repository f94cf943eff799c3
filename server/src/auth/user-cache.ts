import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { DATABASE_SETTINGS, type DatabaseSettings } from '../database/hot-statements';
import type { AuthUser } from './auth-user';

/** What the guard reads of a user: who they are, and what decides whether a token still holds. */
export interface SignedInUser extends AuthUser {
  disabled: boolean;
  sessionVersion: number;
}

/** Where migration 1765929600000's triggers announce a changed or removed user (and where the probes go). */
export const USER_CHANGES_CHANNEL = 'wuye_users';

/** A safety net only: a kept user is forgotten when announced, or after this long at the latest. */
const KEEP_MS = 60_000;
const MAX_USERS = 10_000;
/** A probe is sent this often; kept users are used only while one came back within HEARD_MS. */
const PROBE_MS = 1_000;
const HEARD_MS = 3_000;
/** A listening connection that heard no probe for this long is given up and opened again. */
const LOST_MS = 10_000;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * The users the guard checked, kept between requests so that a request costs one round trip to
 * the database instead of two (docs/performance.md). A change must still apply at once, so a user
 * is kept only while this process is told of every change: it LISTENs on `wuye_users`, where a
 * trigger on `users` announces each change after it commits, however it was made.
 *
 * - Heard, not assumed: every second the process sends itself a probe through the channel over
 *   another connection (TypeORM's pool). Kept users are used only while a probe came back within
 *   the last 3 s, so a listening connection that silently stopped hearing (a dead network path, a
 *   failover, a pooler that does not keep LISTEN) costs at most that long, then every request reads.
 * - Nothing is kept while the listening connection is down; when it (re)opens, everything kept
 *   before is forgotten, because announcements in between were missed.
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
  /** This process's probes carry it, so other replicas' probes are not taken for ours. */
  private readonly probeTag = `probe:${randomUUID()}`;
  /** Raised by every announcement and every lost connection; a read stores only if it did not move. */
  private epoch = 0;
  private listener: Client | null = null;
  private connecting = false;
  private heardAt = 0;
  private listeningSince = 0;
  private probeTimer: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  private retryMs = RETRY_MIN_MS;
  private warned = false;
  private closed = false;

  constructor(
    @Inject(DATABASE_SETTINGS) private readonly settings: DatabaseSettings,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  get enabled(): boolean {
    return !this.settings.embedded && this.settings.preparedStatements;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    await this.listen();
    this.probeTimer = setInterval(() => void this.probe(), PROBE_MS);
    this.probeTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.probeTimer) clearInterval(this.probeTimer);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  /** Taken before reading a user from the database, handed back to `remember`. */
  mark(): number {
    return this.epoch;
  }

  get(id: string): SignedInUser | undefined {
    if (!this.hearing()) return undefined;
    const kept = this.users.get(id);
    if (kept && kept.until > Date.now()) return kept.user;
    if (kept) this.users.delete(id);
    return undefined;
  }

  remember(user: SignedInUser, mark: number): void {
    if (!this.hearing() || mark !== this.epoch) return;
    if (this.users.size >= MAX_USERS) this.users.delete(this.users.keys().next().value as string);
    this.users.set(user.id, { user: Object.freeze({ ...user, communityIds: Object.freeze([...user.communityIds]) as string[] }), until: Date.now() + KEEP_MS });
  }

  /** One user (its id), or everyone (null). */
  forget(id: string | null): void {
    this.epoch += 1;
    if (id === null) this.users.clear();
    else this.users.delete(id);
  }

  /** Listening, and a probe came back lately: announcements are arriving. */
  private hearing(): boolean {
    return this.listener !== null && Date.now() - this.heardAt < HEARD_MS;
  }

  private heard(payload: string | undefined): void {
    if (payload === this.probeTag) this.heardAt = Date.now();
    else if (payload?.startsWith('probe:')) return; // another replica's
    else this.forget(payload === '*' || !payload ? null : payload);
  }

  private async probe(): Promise<void> {
    if (!this.listener) return;
    const now = Date.now();
    if (now - Math.max(this.heardAt, this.listeningSince) > LOST_MS) {
      this.log.warn('the user-changes connection stopped hearing; opening another');
      this.lost(this.listener);
      return;
    }
    await this.db.query('SELECT pg_notify($1, $2)', [USER_CHANGES_CHANNEL, this.probeTag]).catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.closed || this.connecting || this.listener) return;
    this.connecting = true;
    const client = new Client({
      connectionString: this.settings.url,
      application_name: 'wuye-user-changes',
      connectionTimeoutMillis: 5_000,
    });
    let dead = false;
    const fail = () => {
      if (dead) return;
      dead = true;
      this.lost(client);
    };
    client.on('notification', (n) => this.heard(n.payload));
    client.on('error', fail);
    client.on('end', fail);
    try {
      await client.connect();
      await client.query(`LISTEN ${USER_CHANGES_CHANNEL}`);
    } catch (error) {
      if (!this.warned) this.log.warn(`not listening for user changes (${(error as Error).message}); every request reads its user until it can`);
      this.warned = true;
      this.connecting = false;
      dead = true;
      this.lost(client);
      return;
    }
    this.connecting = false;
    if (dead || this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    // Whatever was kept before may have changed unannounced.
    this.forget(null);
    this.listener = client;
    this.listeningSince = Date.now();
    this.retryMs = RETRY_MIN_MS;
    if (this.warned) this.log.log('listening for user changes again');
    this.warned = false;
    void this.probe();
  }

  /** The listening connection failed or closed: keep nothing until a new one listens and hears. */
  private lost(client: Client): void {
    if (this.listener === client) this.listener = null;
    this.forget(null);
    client.end().catch(() => undefined);
    if (this.closed || this.retry || this.listener || this.connecting) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.listen();
    }, this.retryMs);
    this.retry.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }
}
