import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';

/**
 * The embedded default keeps its promise "every acknowledged write is on disk": PGlite's own
 * defaults run with fsync off and an fsync that does nothing, so a commit could be lost to a power
 * cut. Whatever database the rest of the suite runs on, this one starts PGlite on a folder, as
 * `npm start` does, and watches what is flushed.
 */
describe('embedded PostgreSQL on a data folder', () => {
  let dir: string;
  let synced: string[];
  const sync = (fd: number) => {
    synced.push(fs.readlinkSync(`/proc/self/fd/${fd}`));
    fs.fsyncSync(fd);
  };
  const pgDir = () => path.join(dir, 'pg');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuye-durable-'));
    synced = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function withServer(run: (client: Client) => Promise<void>): Promise<void> {
    const pg = await EmbeddedPostgres.start({ dataDir: dir, sync });
    const client = new Client({ connectionString: pg.url });
    try {
      await client.connect();
      await run(client);
    } finally {
      await client.end();
      await pg.stop();
    }
  }

  it('flushes a new data folder, then the write-ahead log before each commit returns', async () => {
    await withServer(async (client) => {
      // The folder PGlite's set-up wrote, before anything could flush it.
      expect(synced).toContain(path.join(pgDir(), 'PG_VERSION'));
      expect(synced).toContain(pgDir());
      const settings = await client.query(`SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method') ORDER BY name`);
      expect(settings.rows).toEqual([
        { name: 'fsync', setting: 'on' },
        { name: 'synchronous_commit', setting: 'on' },
        { name: 'wal_sync_method', setting: 'fsync' },
      ]);
      await client.query('CREATE TABLE t (id int PRIMARY KEY)');
      for (let i = 1; i <= 5; i++) {
        const before = synced.length;
        await client.query('INSERT INTO t VALUES ($1)', [i]);
        expect(synced.slice(before).some((file) => file.startsWith(path.join(pgDir(), 'pg_wal') + path.sep))).toBe(true);
      }
    });
  });

  it('flushes from the first statement when it opens an existing folder', async () => {
    await withServer((client) => client.query('CREATE TABLE t (id int PRIMARY KEY)').then(() => undefined));
    synced = [];
    await withServer(async (client) => {
      // No tree flush for a folder that already existed…
      expect(synced).not.toContain(path.join(pgDir(), 'PG_VERSION'));
      const before = synced.length;
      await client.query('INSERT INTO t VALUES (1)');
      // …but the commit is flushed like any other.
      expect(synced.slice(before).some((file) => file.includes(`${path.sep}pg_wal${path.sep}`))).toBe(true);
      expect((await client.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 1 }]);
    });
  });

  describe('the data folder\'s lock (folder-lock.spec.ts for its rules)', () => {
    it('refuses a folder a live process holds, and takes it over once that process is gone; gives it back on stop', async () => {
      const lockFile = path.join(dir, '.server.lock');
      const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      try {
        fs.writeFileSync(lockFile, `${holder.pid}@${os.hostname()} sometoken`);
        await expect(EmbeddedPostgres.start({ dataDir: dir })).rejects.toThrow(`is in use by process ${holder.pid}`);
      } finally {
        holder.kill('SIGKILL');
        await once(holder, 'exit');
      }
      const pg = await EmbeddedPostgres.start({ dataDir: dir });
      expect(fs.readFileSync(lockFile, 'utf8')).toMatch(new RegExp(`^${process.pid}@${os.hostname()} [0-9a-f]+$`));
      await pg.stop();
      expect(fs.existsSync(lockFile)).toBe(false);
    });
  });
});
