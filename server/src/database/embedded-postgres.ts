import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import * as fs from 'node:fs';
import * as os from 'node:os';
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

/**
 * The lock names its holder as `<pid>@<hostname>`. A lock of this host whose process is gone is
 * stale (a crash), and so is one naming our own pid: in a container the server is always PID 1,
 * and one killed (SIGKILL, out of memory) and restarted finds its own old lock. A lock of another
 * host (another container on the same volume, whose PID 1 is alive there) cannot be checked from
 * here and is refused: two processes on one folder would lose data.
 */
function takeLock(lockFile: string): void {
  const me = `${process.pid}@${os.hostname()}`;
  try {
    fs.writeFileSync(lockFile, me, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const [pidText, host = os.hostname()] = fs.readFileSync(lockFile, 'utf8').trim().split('@');
    const pid = Number(pidText);
    const folder = path.dirname(lockFile);
    if (host !== os.hostname()) {
      throw new Error(`Data folder ${folder} is locked by process ${pid} on host ${host}; stop it first `
        + `(if that host or container is gone for good, delete ${lockFile}).`);
    }
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`Data folder ${folder} is in use by process ${pid}; stop it first.`);
    }
    fs.writeFileSync(lockFile, me);
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
