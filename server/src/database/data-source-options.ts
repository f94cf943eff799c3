import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * One set of options for both databases. The embedded PGlite runs one transaction at a time for
 * the whole instance, so its pool is a single connection; a real server gets a normal pool.
 * The hot paths' named statements have a pool of their own (hot-statements.ts).
 *
 * `statementTimeoutMs` (the API's pool only; migrations, seeds and command-line reports run without):
 * see serverTimeouts.
 */
export function dataSourceOptions(url: string, embedded: boolean, statementTimeoutMs = 0): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: embedded
      ? { max: 1, connectionTimeoutMillis: 30_000 }
      : { max: 20, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000, ...serverTimeouts(statementTimeoutMs) },
  };
}

/**
 * node-postgres settings that have the server cancel a statement running longer than `ms` (a query
 * stuck behind a lock, or one a data shape made slow, would otherwise hold its connection, and the
 * request, for ever) and end a session left idle in a transaction that long (its locks with it).
 * Sent as startup parameters, so each connection has them from its first statement; none when 0.
 * A cancelled statement is answered 503 SERVER_BUSY (all-exceptions.filter.ts).
 */
export function serverTimeouts(ms: number): { statement_timeout?: number; idle_in_transaction_session_timeout?: number } {
  return ms > 0 ? { statement_timeout: ms, idle_in_transaction_session_timeout: ms } : {};
}
