import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FolderLock } from './folder-lock';
import { durablePGliteOptions, syncTree, type Sync } from './pglite-durability';

/**
 * PostgreSQL inside the process: PGlite served on a loopback port, so TypeORM's ordinary
 * `postgres` driver (the same code path as a real server) talks to it. PGlite does not lock its
 * data folder, so we take a lockfile (folder-lock.ts): two processes on one folder would lose data.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lock: FolderLock | null,
    readonly url: string,
  ) {}

  /**
   * `dataDir` null → in memory (tests); `template` → start from a dumped data folder; `sync` → how
   * files are flushed (tests observe it); `lock` → how the folder's lock is renewed (tests).
   */
  static async start(options: {
    dataDir: string | null; template?: Blob; sync?: Sync; lock?: { heartbeatMs?: number; onLost?: (holder: string) => void };
  }): Promise<EmbeddedPostgres> {
    let lock: FolderLock | null = null;
    if (options.dataDir) {
      fs.mkdirSync(options.dataDir, { recursive: true });
      lock = FolderLock.take(path.join(options.dataDir, '.server.lock'), options.lock);
    }
    try {
      // On a data folder, commits reach the disk (pglite-durability.ts); in memory there is no disk.
      const pgDir = options.dataDir ? path.join(options.dataDir, 'pg') : null;
      const fresh = pgDir !== null && !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
      const db = await PGlite.create({
        loadDataDir: options.template,
        ...(pgDir ? durablePGliteOptions(pgDir, options.sync) : {}),
      });
      // A new folder was written by PGlite's set-up, before anything could flush it.
      if (pgDir && fresh) syncTree(pgDir, options.sync);
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
      await server.start();
      const conn = server.getServerConn(); // "127.0.0.1:PORT"
      return new EmbeddedPostgres(db, server, lock, `postgres://postgres:postgres@${conn}/postgres`);
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  dump(): Promise<Blob> {
    return this.db.dumpDataDir('none');
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    this.lock?.release();
  }
}
