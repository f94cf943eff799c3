import { PGlite } from '@electric-sql/pglite';
import { NodeFS, type Filesystem } from '@electric-sql/pglite/nodefs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { directorySyncUnsupported } from '../common/directory-sync';

/**
 * PGlite's defaults trade durability for speed: it starts PostgreSQL with `-F` (fsync off), and the
 * Emscripten file system under a data folder (NODEFS) implements neither fsync nor fdatasync — both
 * return success without touching the disk. A commit PGlite acknowledged was then only in the
 * operating system's page cache: it survived a killed process, not a power cut or a kernel crash.
 *
 * `durablePGliteOptions` starts PostgreSQL with PGlite's own parameters minus `-F`, the WAL flushed
 * by fsync() (fdatasync() cannot be reached from outside the WebAssembly module), on a NODEFS whose
 * streams fsync the host file — installed before PostgreSQL starts, so crash recovery and its
 * checkpoint are flushed too. A new folder is written by PGlite's set-up before any of that, so it
 * is flushed once, file by file (`syncTree`). Together every commit reaches the disk before
 * PostgreSQL reports it, as on a PostgreSQL server (test: embedded-durability.e2e-spec.ts; cost
 * measured in docs/performance.md).
 */

/** Called with each file descriptor to flush; tests pass one that records them. */
export type Sync = (fd: number) => void;

export function durablePGliteOptions(dataDir: string, sync: Sync = fs.fsyncSync): { fs: Filesystem; startParams: string[] } {
  return {
    fs: new DurableNodeFS(dataDir, sync) as unknown as Filesystem,
    startParams: [...PGlite.defaultStartParams.filter((p) => p !== '-F'), '-c', 'wal_sync_method=fsync'],
  };
}

interface NodeFsStream { nfd: number }
interface EmscriptenModule {
  FS: { filesystems: { NODEFS?: { stream_ops: { fsync?: (stream: NodeFsStream) => number }; tryFSOperation<T>(run: () => T): T } } };
}

/** PGlite's NodeFS, with a real fsync given to NODEFS before PostgreSQL runs. */
class DurableNodeFS extends NodeFS {
  constructor(dataDir: string, private readonly sync: Sync) {
    super(dataDir);
  }

  override async init(...args: Parameters<NodeFS['init']>): Promise<{ emscriptenOpts: Record<string, unknown> }> {
    const result = await super.init(...args);
    const preRun = (result.emscriptenOpts.preRun ?? []) as ((module: unknown) => void)[];
    result.emscriptenOpts.preRun = [...preRun, (module: unknown) => makeFsyncReal(module, this.sync)];
    return result;
  }
}

/** NODEFS's stream operations are one object per module; a PGlite version with its own fsync is left alone. */
function makeFsyncReal(module: unknown, sync: Sync): void {
  const nodefs = (module as EmscriptenModule).FS.filesystems.NODEFS;
  if (!nodefs) throw new Error('PGlite has no NODEFS: cannot make its commits durable');
  if (nodefs.stream_ops.fsync) return;
  // tryFSOperation turns a host error into the errno PostgreSQL expects (it may ignore EINVAL on a folder).
  nodefs.stream_ops.fsync = (stream) => nodefs.tryFSOperation(() => {
    sync(stream.nfd);
    return 0;
  });
}

/** Flushes every file and folder under `dir`, deepest first, then `dir` itself. */
export function syncTree(dir: string, sync: Sync = fs.fsyncSync): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) syncTree(full, sync);
    else if (entry.isFile()) syncPath(full, sync);
  }
  try {
    syncPath(dir, sync);
  } catch (error) {
    if (!directorySyncUnsupported(error)) throw error;
  }
}

function syncPath(target: string, sync: Sync): void {
  const fd = fs.openSync(target, 'r');
  try {
    sync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
