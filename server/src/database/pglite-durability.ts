import * as fs from 'node:fs';

/**
 * PGlite's defaults trade durability for speed: it starts PostgreSQL with `-F` (fsync off), and the
 * Emscripten file system under a data folder (NODEFS) implements neither fsync nor fdatasync — both
 * return success without touching the disk. A commit PGlite acknowledged was then only in the
 * operating system's page cache: it survived a killed process, not a power cut or a kernel crash.
 *
 * `DURABLE_START_PARAMS` are PGlite 0.5's own defaults without `-F`, with the WAL flushed by fsync()
 * (fdatasync() cannot be reached from outside the WebAssembly module); `makeFsyncReal` gives NODEFS
 * streams a real fsync on the host file. Together every commit reaches the disk before PostgreSQL
 * reports it, as on a PostgreSQL server (test: embedded-durability.e2e-spec.ts; cost measured in
 * docs/performance.md).
 */
export const DURABLE_START_PARAMS = [
  '--single', '-O', '-j',
  '-c', 'search_path=public',
  '-c', 'exit_on_error=false',
  '-c', 'log_checkpoints=false',
  '-c', 'max_worker_processes=0',
  '-c', 'max_parallel_workers=0',
  '-c', 'max_parallel_workers_per_gather=0',
  '-c', 'io_method=sync',
  '-c', 'max_parallel_maintenance_workers=0',
  '-c', 'wal_sync_method=fsync',
];

interface NodeFsStream { nfd: number }
interface EmscriptenModule {
  FS: { filesystems: { NODEFS?: { stream_ops: { fsync?: (stream: NodeFsStream) => number }; tryFSOperation<T>(run: () => T): T } } };
}

/**
 * Gives NODEFS streams a real fsync (`sync`, replaceable to observe it in a test). NODEFS's stream
 * operations are one object per module; a PGlite version with its own fsync is left alone.
 */
export function makeFsyncReal(module: unknown, sync: (fd: number) => void = fs.fsyncSync): void {
  const nodefs = (module as EmscriptenModule).FS.filesystems.NODEFS;
  if (!nodefs) throw new Error('PGlite has no NODEFS: cannot make its commits durable');
  if (nodefs.stream_ops.fsync) return;
  // tryFSOperation turns a host error into the errno PostgreSQL expects (it may ignore EINVAL on a folder).
  nodefs.stream_ops.fsync = (stream) => nodefs.tryFSOperation(() => {
    sync(stream.nfd);
    return 0;
  });
}
