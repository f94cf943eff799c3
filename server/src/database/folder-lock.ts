import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';

/** How often the holder renews its lock, and how long a lock no one renews holds. */
const HEARTBEAT_MS = 10_000;
export const LOCK_STALE_MS = 45_000;

interface SeenLock {
  content: string;
  pid: number;
  host: string;
  mtimeMs: number;
}

/**
 * One process per data folder: PGlite does not lock its folder, and two processes on one would lose
 * data. The lock file names its holder, `<pid>@<hostname> <token>`, and the holder renews its time
 * every 10 s.
 *
 * A lock is stale when its holder is known to be gone: a process of this host, not our own pid, that
 * no longer runs (a crash) — one that runs is never taken over, however long its event loop is busy.
 * Where that cannot be checked — another host (another container on the same volume), or our own pid
 * (in a container the server is always PID 1, restarted after SIGKILL or out of memory) — it is stale
 * once no one has renewed it for 45 s; a restarted container waits that long, as Docker's restart
 * policy retries.
 *
 * The lock is created whole (written aside, then linked into place), and a stale one is moved aside
 * and checked to be the one judged stale before the new one goes in, so two processes starting at
 * once cannot both hold it. A holder that finds its lock taken over (or gone) calls `onLost`, by
 * default logging and exiting: it must not go on writing a folder another process has opened.
 */
export class FolderLock {
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(
    private readonly file: string,
    private readonly me: string,
    heartbeatMs: number,
    onLost: (holder: string) => void,
  ) {
    this.heartbeat = setInterval(() => {
      const seen = readLock(file);
      if (seen?.content !== me) {
        clearInterval(this.heartbeat);
        onLost(seen ? `${seen.pid}@${seen.host}` : 'nobody (removed)');
        return;
      }
      const now = new Date();
      fs.utimesSync(file, now, now);
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  static take(file: string, options: { heartbeatMs?: number; onLost?: (holder: string) => void } = {}): FolderLock {
    const me = `${process.pid}@${os.hostname()} ${randomBytes(8).toString('hex')}`;
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(tmp, me);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          fs.linkSync(tmp, file);
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
        }
        const seen = readLock(file);
        if (!seen) continue; // released meanwhile
        if (!isStale(seen)) throw inUse(file, seen);
        const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
        try {
          fs.renameSync(file, aside);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
          throw error;
        }
        const moved = fs.readFileSync(aside, 'utf8');
        if (moved !== seen.content) {
          // Another process took it over between our look and the move: give it back.
          try {
            fs.linkSync(aside, file);
          } finally {
            fs.rmSync(aside, { force: true });
          }
          throw inUse(file, parse(moved, seen.mtimeMs));
        }
        fs.rmSync(aside, { force: true });
      }
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    return new FolderLock(file, me, options.heartbeatMs ?? HEARTBEAT_MS, options.onLost ?? ((holder) => {
      console.error(`The lock of ${file} is now held by ${holder}: stopping, so as not to write a data folder another process opened.`);
      process.exit(1);
    }));
  }

  /** Stops renewing and removes the lock, if it is still ours. */
  release(): void {
    clearInterval(this.heartbeat);
    if (readLock(this.file)?.content === this.me) fs.rmSync(this.file, { force: true });
  }
}

function parse(content: string, mtimeMs: number): SeenLock {
  const [holder = ''] = content.trim().split(' ');
  const [pidText, host = os.hostname()] = holder.split('@'); // before 2026-12-02 a lock held the pid only
  return { content, pid: Number(pidText) || 0, host, mtimeMs };
}

function readLock(file: string): SeenLock | null {
  try {
    const content = fs.readFileSync(file, 'utf8');
    return parse(content, fs.statSync(file).mtimeMs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function isStale(seen: SeenLock): boolean {
  if (seen.host === os.hostname() && seen.pid > 0 && seen.pid !== process.pid) return !isAlive(seen.pid);
  return Date.now() - seen.mtimeMs > LOCK_STALE_MS;
}

function inUse(file: string, seen: SeenLock): Error {
  return new Error(`Data folder ${file.replace(/[/\\][^/\\]*$/, '')} is in use by process ${seen.pid} on host ${seen.host}; stop it first `
    + `(a killed process's lock is taken over once it is gone, or ${LOCK_STALE_MS / 1000} s after it was last renewed).`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
