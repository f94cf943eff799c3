import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { durablePGliteOptions, syncTree, type Sync } from './pglite-durability';

/**
 * PostgreSQL inside the process: PGlite served on a loopback port, so TypeORM's ordinary
 * `postgres` driver (the same code path as a real server) talks to it. PGlite does not lock its
 * data folder, so we take a lockfile: two processes on one folder would lose data.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lockFile: string | null,
    readonly url: string,
  ) {}

  /**
   * `dataDir` null → in memory (tests); `template` → start from a dumped data folder; `sync` → how
   * files are flushed (tests observe it).
   */
  static async start(options: { dataDir: string | null; template?: Blob; sync?: Sync }): Promise<EmbeddedPostgres> {
    let lockFile: string | null = null;
    if (options.dataDir) {
      fs.mkdirSync(options.dataDir, { recursive: true });
      lockFile = path.join(options.dataDir, '.server.lock');
      takeLock(lockFile);
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
      return new EmbeddedPostgres(db, server, lockFile, `postgres://postgres:postgres@${conn}/postgres`);
    } catch (error) {
      if (lockFile) fs.rmSync(lockFile, { force: true });
      throw error;
    }
  }

  dump(): Promise<Blob> {
    return this.db.dumpDataDir('none');
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    if (this.lockFile) fs.rmSync(this.lockFile, { force: true });
  }
}

function takeLock(lockFile: string): void {
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    // Our own pid is a lock left by an earlier run that had it: in a container the server is always
    // PID 1, and one killed (SIGKILL, out of memory) leaves its lock naming the restarted one.
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`Data folder ${path.dirname(lockFile)} is in use by process ${pid}; stop it first.`);
    }
    // A stale lock left by a crash: take it over.
    fs.writeFileSync(lockFile, String(process.pid));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
