import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/**
 * Applies pending migrations. Several API replicas may start at once on a real server, so they
 * queue on an advisory lock; the embedded database belongs to one process (lockfile) and its pool
 * has a single connection, so it needs none.
 */
export async function runMigrations(url: string, embedded: boolean): Promise<void> {
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
