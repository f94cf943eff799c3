import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalFileStore, syncDirectory, type OpenFile } from './file-store';

const SHA = 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789';

/** An `open` that records every fsync: the path, how it was opened, and what the file system held then. */
function recordingOpen(target: string) {
  const syncs: { file: string; flags: string; targetStored: boolean }[] = [];
  const open: OpenFile = async (file, flags) => {
    const handle = await fsp.open(file, flags);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      syncs.push({ file, flags, targetStored: fs.existsSync(target) });
      return sync();
    };
    return handle;
  };
  return { open, syncs };
}

/** A handle that refuses fsync with `code`. */
const refusingSync = (code: string): OpenFile => async () =>
  ({ sync: async () => { throw Object.assign(new Error(code), { code }); }, close: async () => undefined }) as unknown as fsp.FileHandle;

/** Stores `text` under `sha256` as an upload is stored: received into the incoming folder, then adopted. */
async function store(into: LocalFileStore, sha256: string, text: string): Promise<void> {
  fs.mkdirSync(into.incomingDir, { recursive: true });
  const received = path.join(into.incomingDir, sha256.slice(0, 32));
  fs.writeFileSync(received, text);
  await into.adopt(received, sha256);
}

describe('LocalFileStore', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'wuye-file-store-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const target = () => path.join(root, 'ab', 'cd', SHA);

  it('removes stored bytes, and takes a file already gone as removed', async () => {
    const files = new LocalFileStore(root);
    await store(files, SHA, 'photo');
    expect(fs.existsSync(target())).toBe(true);
    await files.remove(SHA);
    expect(fs.existsSync(target())).toBe(false);
    await expect(files.remove(SHA)).resolves.toBeUndefined();
  });

  it('scans its stored files and the temporary files left by unfinished writes of an earlier version, with their times, and nothing else', async () => {
    const files = new LocalFileStore(root);
    const other = 'ff'.repeat(32);
    await store(files, SHA, 'photo');
    await store(files, other, 'another photo');
    const temporary = `${SHA}.4242.1764460800000.tmp`;
    fs.writeFileSync(path.join(root, 'ab', 'cd', temporary), 'half a photo');
    const lastWeek = new Date('2026-11-24T08:00:00Z');
    fs.utimesSync(path.join(root, 'ab', 'cd', temporary), lastWeek, lastWeek);
    // Not the store's: an operator's note, a name that is not a hash, a directory outside the fan-out.
    fs.writeFileSync(path.join(root, 'README'), 'photos');
    fs.writeFileSync(path.join(root, 'ab', 'cd', 'photo.jpg'), 'x');
    fs.mkdirSync(path.join(root, 'backup', 'cd'), { recursive: true });
    fs.writeFileSync(path.join(root, 'backup', 'cd', SHA), 'photo');

    const entries = [];
    for await (const entry of files.scan()) entries.push(entry);
    expect(entries.map((e) => (e.kind === 'content' ? e.sha256 : e.name)).sort()).toEqual([SHA, temporary, other].sort());
    expect(entries.find((e) => e.kind === 'temporary')?.modifiedAt).toEqual(lastWeek);

    await files.removeTemporary(temporary);
    expect(fs.readdirSync(path.join(root, 'ab', 'cd'))).toEqual([SHA, 'photo.jpg'].sort());
    await expect(files.removeTemporary(temporary)).resolves.toBeUndefined();
    await expect(files.removeTemporary('photo.jpg')).rejects.toThrow(/not a temporary file/);
  });

  it('adopts a received file by renaming it in, then fsyncs the directory that names it and the directories it created; the same bytes stored already are kept once, their directory synced again', async () => {
    const { open, syncs } = recordingOpen(target());
    const store = new LocalFileStore(root, open);
    fs.mkdirSync(store.incomingDir, { recursive: true });
    const received = path.join(store.incomingDir, '0123456789abcdef0123456789abcdef');
    fs.writeFileSync(received, 'photo');
    await store.adopt(received, SHA);
    expect(fs.readFileSync(target(), 'utf8')).toBe('photo');
    expect(fs.existsSync(received)).toBe(false);
    expect(syncs).toEqual([
      { file: path.join(root, 'ab', 'cd'), flags: 'r', targetStored: true },
      { file: path.join(root, 'ab'), flags: 'r', targetStored: true },
      { file: root, flags: 'r', targetStored: true },
    ]);
    // The same photo again: the received copy goes, the stored one stays, and its directory is synced
    // again (an earlier process may have died before it was).
    syncs.length = 0;
    fs.writeFileSync(received, 'photo');
    await store.adopt(received, SHA);
    expect(syncs).toEqual([{ file: path.join(root, 'ab', 'cd'), flags: 'r', targetStored: true }]);
    expect(fs.existsSync(received)).toBe(false);
    expect(fs.readdirSync(path.dirname(target()))).toEqual([SHA]);
  });

  it('streams a stored file with its size, and gives null for one that is not there', async () => {
    const files = new LocalFileStore(root);
    await store(files, SHA, 'a photo of some length');
    const opened = await files.openRead(SHA);
    expect(opened?.size).toBe(22);
    const chunks: Buffer[] = [];
    for await (const chunk of opened!.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('a photo of some length');
    fs.rmSync(target());
    expect(await files.openRead(SHA)).toBeNull();
  });

  it('scans uploads received but never stored (a crash mid-upload) as temporary files, and removes them', async () => {
    const store = new LocalFileStore(root);
    fs.mkdirSync(store.incomingDir, { recursive: true });
    const received = path.join(store.incomingDir, '0123456789abcdef0123456789abcdef');
    fs.writeFileSync(received, 'half a photo');
    const yesterday = new Date('2026-11-30T08:00:00Z');
    fs.utimesSync(received, yesterday, yesterday);
    fs.writeFileSync(path.join(store.incomingDir, 'notes.txt'), 'not the store\'s');
    const entries = [];
    for await (const entry of store.scan()) entries.push(entry);
    expect(entries.map((e) => e.kind === 'temporary' && e.name)).toEqual(['incoming/0123456789abcdef0123456789abcdef']);
    expect(entries[0].modifiedAt).toEqual(yesterday);
    await store.removeTemporary('incoming/0123456789abcdef0123456789abcdef');
    expect(fs.readdirSync(store.incomingDir)).toEqual(['notes.txt']);
    await expect(store.removeTemporary('incoming/../../etc/passwd')).rejects.toThrow(/not a temporary file/);
  });

  it('scans an empty store (no folder yet) as empty', async () => {
    const entries = [];
    for await (const entry of new LocalFileStore(path.join(root, 'none')).scan()) entries.push(entry);
    expect(entries).toEqual([]);
  });
});

describe('syncDirectory', () => {
  it.each(['EISDIR', 'EINVAL', 'EPERM'])('tolerates a platform that refuses to fsync a directory (%s)', async (code) => {
    await expect(syncDirectory(os.tmpdir(), refusingSync(code))).resolves.toBeUndefined();
    const refusingOpen: OpenFile = async () => { throw Object.assign(new Error(code), { code }); };
    await expect(syncDirectory(os.tmpdir(), refusingOpen)).resolves.toBeUndefined();
  });

  it('reports any other failure (the write may not be durable)', async () => {
    await expect(syncDirectory(os.tmpdir(), refusingSync('EIO'))).rejects.toMatchObject({ code: 'EIO' });
  });
});
