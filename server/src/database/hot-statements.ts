import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';
import { serverTimeouts } from './data-source-options';

/** How the application reaches its database, for the providers that open their own connections. */
export interface DatabaseSettings {
  url: string;
  embedded: boolean;
  /** DB_PREPARED_STATEMENTS: off behind a pooler in transaction mode, which does not keep them. */
  preparedStatements: boolean;
  /** As TypeORM's pool (data-source-options.ts serverTimeouts). */
  statementTimeoutMs: number;
}
export const DATABASE_SETTINGS = Symbol('DATABASE_SETTINGS');

/** Connections of the hot statements' own pool, per process (TypeORM's pool has 20). */
const HOT_POOL_SIZE = 10;

/**
 * The hot paths' statements (the signed-in user, the queue, a case's detail, a submission) as
 * named prepared statements on a pool of their own: each connection parses one once, plans it
 * once, and from then on only binds and runs it.
 *
 * That pool's connections run with `plan_cache_mode = force_generic_plan` (set when each opens: a
 * startup option would be refused by a PgBouncer in front). Left to choose, PostgreSQL planned
 * the queue's statements again on every execution (a custom plan each time: the generic plan's
 * estimate for a community list it cannot see was higher, though its plan was the same), and
 * planning cost as much as running — measured in docs/performance.md. So a statement here must
 * have one best plan whatever its parameter values: lookups by key, and statements that write the
 * values that shape their plan (statuses, type, page size) into their text. Everything else goes
 * through TypeORM's pool, where PostgreSQL keeps choosing per execution.
 *
 * Off (every statement through TypeORM's pool, unnamed) on the embedded database — PGlite serves
 * every socket connection from one session, so a reconnected client's statement names would
 * collide with the old ones — and with DB_PREPARED_STATEMENTS=false.
 */
@Injectable()
export class HotStatements implements OnApplicationShutdown {
  private readonly pool: Pool | null;
  private readonly names = new Map<string, string | null>();

  constructor(
    @InjectDataSource() readonly db: DataSource,
    @Inject(DATABASE_SETTINGS) settings: DatabaseSettings,
  ) {
    this.pool = settings.embedded || !settings.preparedStatements ? null : new Pool({
      connectionString: settings.url,
      // Told apart from TypeORM's connections in pg_stat_activity.
      application_name: 'wuye-hot-statements',
      max: HOT_POOL_SIZE,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
      ...serverTimeouts(settings.statementTimeoutMs),
    });
    // Queued before the connection's first statement. Should it be refused, the statements still
    // run, with the plans PostgreSQL chooses.
    this.pool?.on('connect', (client) => void client.query('SET plan_cache_mode = force_generic_plan').catch(() => undefined));
    // An idle connection the server dropped is only retired; the next query opens another.
    this.pool?.on('error', () => undefined);
  }

  /**
   * `named: false` for a text that is one of many (a deep page): it runs unnamed on this pool's
   * connection, planned at each run, and takes no place among the prepared ones — as does a text
   * past MAX_NAMES, or one whose prepared plan a schema change made invalid.
   */
  async query<T = Record<string, unknown>>(text: string, values: unknown[], named = true): Promise<T[]> {
    if (!this.pool) return this.db.query(text, values);
    const name = named ? this.statementName(text) : null;
    try {
      return await run<T>(this.pool, name ? { name, text, values } : { text, values });
    } catch (error) {
      const reported = error as { code?: string; routine?: string };
      // A migration run by another replica changed a table under a `SELECT *` plan; this process's
      // connections keep the old plan, so this text goes unnamed from now on. Matched by code and the
      // server's function name, not the message, which follows the server's lc_messages (zh_CN…).
      if (name && reported.code === '0A000' && reported.routine === 'RevalidateCachedQuery') {
        this.names.set(text, null);
        return this.query<T>(text, values, false);
      }
      // An error the server reported comes back as through TypeORM, so callers read constraint
      // violations one way; anything else (no connection) as it is.
      throw reportedByServer(error) ? new QueryFailedError(text, values, error as Error) : error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }

  /**
   * Each connection keeps every statement it prepared (a queue page's with its plan: ~0.3 MB of the
   * server's memory), so the texts are bounded: one per query shape (the queue has one per filter
   * combination and page, for its first pages only); past MAX_NAMES new texts go unnamed.
   */
  private statementName(text: string): string | null {
    let name = this.names.get(text);
    if (name === undefined) {
      if (this.names.size >= MAX_NAMES) return null;
      name = `w_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      this.names.set(text, name);
    }
    return name;
  }
}

const MAX_NAMES = 64;

/**
 * `pool.query()` would retire the connection on any error, so every refused statement (a retried
 * submission's unique violation) would cost a new connection and its statements prepared again —
 * measured: submissions with one retry in ten fell from 350 to 100 req/s. An error the server
 * reported leaves the connection usable; only other errors (a dropped socket) retire it.
 */
async function run<T>(pool: Pool, statement: { name?: string; text: string; values: unknown[] }): Promise<T[]> {
  const client = await pool.connect();
  try {
    const result = await client.query(statement);
    client.release();
    return result.rows as T[];
  } catch (error) {
    client.release(reportedByServer(error) ? undefined : (error as Error));
    throw error;
  }
}

/** An error PostgreSQL sent back (it has a severity), as opposed to a failed connection. */
const reportedByServer = (error: unknown): boolean => !!(error as { severity?: string }).severity;
