import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderLock, LOCK_STALE_MS } from './folder-lock';

describe('FolderLock', () => {
  let dir: string;
  let file: string;
  const locks: FolderLock[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuye-lock-'));
    file = path.join(dir, '.server.lock');
  });
  afterEach(() => {
    for (const lock of locks.splice(0)) lock.release();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const take = (options?: Parameters<typeof FolderLock.take>[1]) => {
    const lock = FolderLock.take(file, options);
    locks.push(lock);
    return lock;
  };
  /** A lock file of `holder`, last renewed `ageMs` ago. */
  const lockOf = (holder: string, ageMs: number) => {
    fs.writeFileSync(file, holder);
    const at = new Date(Date.now() - ageMs);
    fs.utimesSync(file, at, at);
  };
  const mine = new RegExp(`^${process.pid}@${os.hostname()} [0-9a-f]{16}$`);

  it('is taken whole on a free folder, refused to a second taker, and removed on release', () => {
    const lock = FolderLock.take(file);
    expect(fs.readFileSync(file, 'utf8')).toMatch(mine);
    expect(() => FolderLock.take(file)).toThrow(/is in use by process/);
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]); // nothing left aside
  });

  it('never takes over from a live process of this host, however long ago it renewed its lock', async () => {
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      lockOf(`${holder.pid}@${os.hostname()} abc`, LOCK_STALE_MS * 10);
      expect(() => take()).toThrow(`is in use by process ${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
      await once(holder, 'exit');
    }
    // Gone: taken over at once, whatever the age (also a lock of before 2026-12-02, the pid alone).
    take();
    expect(fs.readFileSync(file, 'utf8')).toMatch(mine);
  });

  it.each([
    ['naming our own pid (a container restarted after a kill is PID 1 again, or another sharing the hostname)', `${process.pid}@${os.hostname()} abc`],
    ['of another host (another container on the same volume)', '1@another-container abc'],
  ])('refuses a lock %s while it is renewed, and takes it over once no one renewed it for 45 s', (_label, holder) => {
    lockOf(holder, 5_000);
    expect(() => take()).toThrow(/is in use by process \d+ on host/);
    expect(fs.readFileSync(file, 'utf8')).toBe(holder);
    lockOf(holder, LOCK_STALE_MS + 5_000);
    take();
    expect(fs.readFileSync(file, 'utf8')).toMatch(mine);
    expect(fs.readdirSync(dir)).toEqual(['.server.lock']);
  });

  it('renews its lock while it holds it', async () => {
    take({ heartbeatMs: 20 });
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    for (const deadline = Date.now() + 5_000; fs.statSync(file).mtimeMs < Date.now() - 10_000;) {
      if (Date.now() > deadline) throw new Error('the lock was never renewed');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });

  it('says when another process has taken its lock over, and then does not remove that one', async () => {
    const lost: string[] = [];
    const lock = take({ heartbeatMs: 20, onLost: (holder) => lost.push(holder) });
    fs.writeFileSync(file, '1@another-container xyz');
    for (const deadline = Date.now() + 5_000; lost.length === 0;) {
      if (Date.now() > deadline) throw new Error('the loss was never noticed');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(lost).toEqual(['1@another-container']);
    lock.release();
    expect(fs.readFileSync(file, 'utf8')).toBe('1@another-container xyz');
  });
});
