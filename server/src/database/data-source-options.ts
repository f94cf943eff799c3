import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * One set of options for both databases. The embedded PGlite runs one transaction at a time for
 * the whole instance, so its pool is a single connection; a real server gets a normal pool.
 * `preparedStatements` (read by `preparedQuery` from the pool's options) is never on for PGlite,
 * which serves all its socket connections from one session (see prepared-query.ts).
 */
export function dataSourceOptions(url: string, embedded: boolean, preparedStatements = false): DataSourceOptions {
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
      : { max: 20, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000, preparedStatements },
  };
}
