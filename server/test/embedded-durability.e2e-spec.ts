import { PGlite } from '@electric-sql/pglite';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';
import { DURABLE_START_PARAMS, makeFsyncReal } from '../src/database/pglite-durability';

/**
 * The embedded default keeps its promise "every acknowledged write is on disk": PGlite's own
 * defaults run with fsync off and an fsync that does nothing, so a commit could be lost to a power
 * cut. Whatever database the rest of the suite runs on, this one starts PGlite on a folder.
 */
describe('embedded PostgreSQL on a data folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuye-durable-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs with fsync on, the WAL flushed by fsync()', async () => {
    const pg = await EmbeddedPostgres.start({ dataDir: dir });
    const client = new Client({ connectionString: pg.url });
    try {
      await client.connect();
      const settings = await client.query(`SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method') ORDER BY name`);
      expect(settings.rows).toEqual([
        { name: 'fsync', setting: 'on' },
        { name: 'synchronous_commit', setting: 'on' },
        { name: 'wal_sync_method', setting: 'fsync' },
      ]);
    } finally {
      await client.end();
      await pg.stop();
    }
  });

  it('flushes the write-ahead log to the disk before each commit returns', async () => {
    const db = await PGlite.create({ dataDir: path.join(dir, 'pg'), startParams: DURABLE_START_PARAMS });
    const synced: string[] = [];
    makeFsyncReal(db.Module, (fd) => {
      synced.push(fs.readlinkSync(`/proc/self/fd/${fd}`));
      fs.fsyncSync(fd);
    });
    try {
      await db.exec('CREATE TABLE t (id int PRIMARY KEY)');
      for (let i = 1; i <= 5; i++) {
        const before = synced.length;
        await db.query('INSERT INTO t VALUES ($1)', [i]);
        // The commit's WAL segment, under this data folder, was fsynced before the insert returned.
        expect(synced.slice(before).some((file) => file.startsWith(dir) && file.includes(`${path.sep}pg_wal${path.sep}`))).toBe(true);
      }
    } finally {
      await db.close();
    }
  });
});
