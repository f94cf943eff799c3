import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A read or write through a named prepared statement: each pooled connection parses and plans it
 * once, then only binds and runs it. Measured on the hot paths (docs/performance.md): planning was
 * as much of PostgreSQL's time as running, for one-row lookups most of it.
 *
 * Only for statements whose best plan does not depend on the parameter values. PostgreSQL may
 * switch a prepared statement to one generic plan for all values: lookups by key are safe; the
 * queue writes the values that shape its plan (statuses, type, page size) into its text, because
 * with them as parameters a generic plan was measured 75× slower than a custom one.
 *
 * On when the pool was made with `preparedStatements` (data-source-options.ts): never on the
 * embedded database — PGlite serves every socket connection from one session, so a reconnected
 * client's statement names would collide with the old ones — and off with
 * DB_PREPARED_STATEMENTS=false, for a pooler in transaction mode that does not keep them.
 */
export async function preparedQuery<T = Record<string, unknown>>(db: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const pool = (db.driver as PostgresDriver).master as (Pool & { options: { preparedStatements?: boolean } }) | undefined;
  const name = pool?.options.preparedStatements ? statementName(text) : null;
  if (!pool || !name) return db.query(text, values);
  try {
    return await runNamed<T>(pool, name, text, values);
  } catch (error) {
    const reported = error as { code?: string; routine?: string };
    // A migration run by another replica changed a table under a `SELECT *` plan; this process's
    // connections keep the old plan, so this text goes unnamed from now on. Matched by code and the
    // server's function name, not the message, which follows the server's lc_messages (zh_CN…).
    if (reported.code === '0A000' && reported.routine === 'RevalidateCachedQuery') {
      names.set(text, null);
      return db.query(text, values);
    }
    // An error the server reported comes back as through TypeORM, so callers read constraint
    // violations one way; anything else (no connection) as it is.
    throw reportedByServer(error) ? new QueryFailedError(text, values, error as Error) : error;
  }
}

/**
 * `pool.query()` would retire the connection on any error, so every refused statement (a retried
 * submission's unique violation) would cost a new connection and its statements prepared again —
 * measured: submissions with one retry in ten fell from 350 to 100 req/s. An error the server
 * reported leaves the connection usable; only other errors (a dropped socket) retire it.
 */
async function runNamed<T>(pool: Pool, name: string, text: string, values: unknown[]): Promise<T[]> {
  const client = await pool.connect();
  try {
    const result = await client.query({ name, text, values });
    client.release();
    return result.rows as T[];
  } catch (error) {
    client.release(reportedByServer(error) ? undefined : (error as Error));
    throw error;
  }
}

/** An error PostgreSQL sent back (it has a severity), as opposed to a failed connection. */
const reportedByServer = (error: unknown): boolean => !!(error as { severity?: string }).severity;

/**
 * Each connection keeps every statement it prepared, so the texts are bounded: one per query shape
 * (the queue has one per filter combination); past MAX_NAMES new texts go unnamed.
 */
const MAX_NAMES = 256;
const names = new Map<string, string | null>();

function statementName(text: string): string | null {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_NAMES) return null;
    name = `w_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}
