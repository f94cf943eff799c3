import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { directorySyncUnsupported } from '../common/directory-sync';

/**
 * Content-addressed storage: a file's name is its sha256, so a retried upload writes nothing new.
 * Bytes and the directory entry naming them are fsynced before the database row that points at them
 * is written. An S3-compatible store can implement the same methods later.
 */
export interface FileStore {
  /**
   * Where an upload is received before it is stored: a file written (and fsynced) there is then
   * `adopt`ed under its sha256; one never adopted is a temporary file `scan` lists.
   */
  readonly incomingDir: string;
  /**
   * Stores the received file at `file` (in incomingDir, its bytes fsynced by the receiver) under
   * `sha256` by renaming it, and makes the new name durable; `file` is gone after.
   */
  adopt(file: string, sha256: string): Promise<void>;
  /** The stored file as a stream and its size, or null when none is stored under `sha256`. */
  openRead(sha256: string): Promise<{ stream: Readable; size: number } | null>;
  /** Removes the file stored under `sha256`; one already missing is fine. */
  remove(sha256: string): Promise<void>;
  /**
   * Every stored file, and every temporary one a write left behind (a crash between writing and
   * renaming), with when it was last written; other files are not the store's and are not listed.
   */
  scan(): AsyncIterable<StoredEntry>;
  /** Removes a temporary file `scan` listed; one already missing is fine. */
  removeTemporary(name: string): Promise<void>;
}

export type StoredEntry =
  | { kind: 'content'; sha256: string; modifiedAt: Date }
  | { kind: 'temporary'; name: string; modifiedAt: Date };

const CONTENT_NAME = /^[0-9a-f]{64}$/;
/**
 * `<sha256>.<pid>.<ms>[.<random>].tmp`: what a write of an earlier version (bytes written whole, then
 * renamed) left behind when it crashed mid-way; still listed so that such leftovers are cleaned up.
 */
const TEMPORARY_NAME = /^([0-9a-f]{64})\.\d+\.\d+(?:\.[0-9a-f]+)?\.tmp$/;
/** An upload being received: `incoming/<32 hex digits>` (multer's disk storage names it). */
const INCOMING = 'incoming';
const INCOMING_NAME = /^[0-9a-f]{32}$/;
const FAN_OUT_NAME = /^[0-9a-f]{2}$/;

/** How the store opens files; tests pass one that records what is opened and synced. */
export type OpenFile = (file: string, flags: string) => Promise<fs.FileHandle>;

/**
 * Makes the entries of `dir` (a file renamed into it, a directory created in it) survive an OS crash:
 * a rename is durable only once the directory holding the new name is fsynced.
 */
export async function syncDirectory(dir: string, open: OpenFile = fs.open): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!directorySyncUnsupported(error)) throw error;
  } finally {
    await handle?.close();
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

export class LocalFileStore implements FileStore {
  readonly incomingDir: string;

  constructor(private readonly root: string, private readonly open: OpenFile = fs.open) {
    this.incomingDir = path.join(root, INCOMING);
  }

  private pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async adopt(file: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    const dir = path.dirname(target);
    if (await exists(target)) {
      // The same bytes are stored already, possibly by a process that died before syncing the
      // directory: sync it now, since the row about to be written will point at this file.
      await unlinkIfPresent(file);
      await syncDirectory(dir, this.open);
      return;
    }
    const created = await fs.mkdir(dir, { recursive: true });
    await fs.rename(file, target);
    await this.syncNewEntry(dir, created);
  }

  /**
   * Makes a file just renamed into `dir` durable: the directory, and the directories mkdir created
   * (`created`, the first of them) as entries of their parents.
   */
  private async syncNewEntry(dir: string, created: string | undefined): Promise<void> {
    await syncDirectory(dir, this.open);
    // Directories made just now are entries of their parents: sync those too, up to the first one
    // that already existed.
    if (created) {
      const top = path.resolve(created);
      for (let d = path.resolve(dir); d !== path.dirname(d); d = path.dirname(d)) {
        await syncDirectory(path.dirname(d), this.open);
        if (d === top) break;
      }
    }
  }

  async openRead(sha256: string): Promise<{ stream: Readable; size: number } | null> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.pathOf(sha256), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      // The stream closes the handle when it ends, fails or is destroyed (a viewer gone mid-way).
      return { stream: handle.createReadStream(), size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  remove(sha256: string): Promise<void> {
    return unlinkIfPresent(this.pathOf(sha256));
  }

  async *scan(): AsyncIterable<StoredEntry> {
    for (const name of (await namesIn(this.incomingDir)).filter((n) => INCOMING_NAME.test(n))) {
      const modifiedAt = await modifiedAtOf(path.join(this.incomingDir, name));
      if (modifiedAt) yield { kind: 'temporary', name: `${INCOMING}/${name}`, modifiedAt };
    }
    for (const first of await fanOut(this.root)) {
      for (const second of await fanOut(path.join(this.root, first))) {
        const dir = path.join(this.root, first, second);
        for (const name of await namesIn(dir)) {
          const temporary = TEMPORARY_NAME.exec(name);
          if (!CONTENT_NAME.test(name) && !temporary) continue;
          const modifiedAt = await modifiedAtOf(path.join(dir, name));
          if (!modifiedAt) continue; // removed meanwhile
          yield temporary ? { kind: 'temporary', name, modifiedAt } : { kind: 'content', sha256: name, modifiedAt };
        }
      }
    }
  }

  async removeTemporary(name: string): Promise<void> {
    const [dir, incoming] = name.split('/');
    if (dir === INCOMING && INCOMING_NAME.test(incoming ?? '')) return unlinkIfPresent(path.join(this.incomingDir, incoming));
    const temporary = TEMPORARY_NAME.exec(name);
    if (!temporary) throw new Error(`not a temporary file of the store: ${name}`);
    return unlinkIfPresent(path.join(path.dirname(this.pathOf(temporary[1])), name));
  }
}

/** When `file` was last written, or null when it does not exist (any more). */
async function modifiedAtOf(file: string): Promise<Date | null> {
  try {
    return (await fs.stat(file)).mtime;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function unlinkIfPresent(file: string): Promise<void> {
  try {
    await fs.unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** The names in `dir`, none when it does not exist. */
async function namesIn(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The two-hex-digit directories of one level of the store's fan-out, in order. */
async function fanOut(dir: string): Promise<string[]> {
  return (await namesIn(dir)).filter((name) => FAN_OUT_NAME.test(name)).sort();
}
