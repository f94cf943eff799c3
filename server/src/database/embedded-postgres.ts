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
  private heartbeat: NodeJS.Timeout | null = null;

  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lockFile: string | null,
    readonly url: string,
    heartbeatMs: number,
  ) {
    if (lockFile) {
      // Renewed while we hold it (see takeLock); a lock no one renews is stale.
      this.heartbeat = setInterval(() => {
        const now = new Date();
        try {
          fs.utimesSync(lockFile, now, now);
        } catch {
          // Removed by hand, or the disk is gone: the next write will say so.
        }
      }, heartbeatMs);
      this.heartbeat.unref();
    }
  }

  /**
   * `dataDir` null → in memory (tests); `template` → start from a dumped data folder; `sync` → how
   * files are flushed (tests observe it); `lockHeartbeatMs` → how often the lock is renewed (tests).
   */
  static async start(options: { dataDir: string | null; template?: Blob; sync?: Sync; lockHeartbeatMs?: number }): Promise<EmbeddedPostgres> {
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
      return new EmbeddedPostgres(db, server, lockFile, `postgres://postgres:postgres@${conn}/postgres`, options.lockHeartbeatMs ?? LOCK_HEARTBEAT_MS);
    } catch (error) {
      if (lockFile) fs.rmSync(lockFile, { force: true });
      throw error;
    }
  }

  dump(): Promise<Blob> {
    return this.db.dumpDataDir('none');
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.server.stop();
    await this.db.close();
    if (this.lockFile) fs.rmSync(this.lockFile, { force: true });
  }
}

/** How often the holder renews its lock, and how long an unrenewed lock holds. */
const LOCK_HEARTBEAT_MS = 10_000;
export const LOCK_STALE_MS = 45_000;

/**
 * The lock names its holder as `<pid>@<hostname>`, and the holder renews its time every 10 s. It is
 * stale when its process is known to be gone — a process of this host, not our own pid, that no
 * longer runs (a crash outside a container) — or when no one has renewed it for 45 s (a container
 * killed by SIGKILL or out of memory: restarted or recreated, it is PID 1 again, perhaps under
 * another hostname, and cannot tell its old lock from a live one of another container sharing the
 * volume, or the hostname; it waits those seconds, as Docker's restart policy retries). Anything
 * else is a live lock and is refused: two processes on one folder would lose data.
 */
function takeLock(lockFile: string): void {
  const me = `${process.pid}@${os.hostname()}`;
  try {
    fs.writeFileSync(lockFile, me, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const [pidText, host = os.hostname()] = fs.readFileSync(lockFile, 'utf8').trim().split('@');
    const pid = Number(pidText);
    const gone = host === os.hostname() && pid !== process.pid && (!pid || !isAlive(pid));
    const unrenewed = Date.now() - fs.statSync(lockFile).mtimeMs > LOCK_STALE_MS;
    if (!gone && !unrenewed) {
      throw new Error(`Data folder ${path.dirname(lockFile)} is in use by process ${pid} on host ${host}; stop it first `
        + `(a process that was killed stops renewing its lock, which can be taken over ${LOCK_STALE_MS / 1000} s later).`);
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
