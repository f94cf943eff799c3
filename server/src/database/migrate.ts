import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { MIGRATIONS } from './migrations';

/**
 * Applies pending migrations. Several API replicas may start at once on a real server, so they
 * queue on an advisory lock; the embedded database belongs to one process (lockfile) and its pool
 * has a single connection, so it needs none.
 */
export async function runMigrations(url: string, embedded: boolean): Promise<void> {
  if (await upToDate(url)) return;
  const ds = new DataSource({ ...dataSourceOptions(url, embedded), extra: { max: 2 } });
  await ds.initialize();
  const lock = embedded ? null : ds.createQueryRunner();
  try {
    if (lock) {
      await lock.connect();
      await lock.query('SELECT pg_advisory_lock(7426001)');
    }
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    if (lock) {
      await lock.query('SELECT pg_advisory_unlock(7426001)').catch(() => undefined);
      await lock.release();
    }
    await ds.destroy();
  }
}

/**
 * Whether every migration this build knows is recorded as applied: one statement on a plain
 * connection, instead of a TypeORM data source set up to find nothing to do (0.3–0.4 s of the
 * embedded start, docs/performance.md). Anything else goes the locked way above.
 */
export async function upToDate(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [{ exists }] = (await client.query<{ exists: boolean }>(`SELECT to_regclass('migrations') IS NOT NULL AS exists`)).rows;
    if (!exists) return false;
    const applied = new Set((await client.query<{ name: string }>('SELECT name FROM migrations')).rows.map((r) => r.name));
    return MIGRATIONS.every((Migration) => applied.has(new Migration().name ?? Migration.name));
  } finally {
    await client.end();
  }
}
