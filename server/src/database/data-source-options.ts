import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * One set of options for both databases. The embedded PGlite runs one transaction at a time for
 * the whole instance, so its pool is a single connection; a real server gets a normal pool.
 * The hot paths' named statements have a pool of their own (hot-statements.ts).
 */
export function dataSourceOptions(url: string, embedded: boolean): DataSourceOptions {
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
      : { max: 20, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 },
  };
}
