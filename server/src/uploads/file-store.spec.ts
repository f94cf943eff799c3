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

describe('LocalFileStore', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'wuye-file-store-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const target = () => path.join(root, 'ab', 'cd', SHA);

  it('fsyncs the file, then the directory that names it once it is renamed in, and the directories it created', async () => {
    const { open, syncs } = recordingOpen(target());
    await new LocalFileStore(root, open).put(SHA, Buffer.from('photo'));
    expect(fs.readFileSync(target(), 'utf8')).toBe('photo');
    expect(syncs[0]).toMatchObject({ flags: 'w', targetStored: false }); // the temporary file, before the rename
    expect(syncs.slice(1)).toEqual([
      { file: path.join(root, 'ab', 'cd'), flags: 'r', targetStored: true },
      { file: path.join(root, 'ab'), flags: 'r', targetStored: true },
      { file: root, flags: 'r', targetStored: true },
    ]);
    expect(fs.readdirSync(path.dirname(target()))).toEqual([SHA]); // no temporary file left
  });

  it('syncs the directory again when the bytes are already stored (an earlier process may have died before it)', async () => {
    await new LocalFileStore(root).put(SHA, Buffer.from('photo'));
    const { open, syncs } = recordingOpen(target());
    await new LocalFileStore(root, open).put(SHA, Buffer.from('photo'));
    expect(syncs).toEqual([{ file: path.join(root, 'ab', 'cd'), flags: 'r', targetStored: true }]);
  });

  it('reads stored bytes, and null for a file that is not there', async () => {
    const store = new LocalFileStore(root);
    await store.put(SHA, Buffer.from('photo'));
    expect((await store.read(SHA))?.toString()).toBe('photo');
    fs.rmSync(target());
    expect(await store.read(SHA)).toBeNull();
  });

  it('removes stored bytes, and takes a file already gone as removed', async () => {
    const store = new LocalFileStore(root);
    await store.put(SHA, Buffer.from('photo'));
    expect(await store.has(SHA)).toBe(true);
    await store.remove(SHA);
    expect(await store.has(SHA)).toBe(false);
    expect(fs.existsSync(target())).toBe(false);
    await expect(store.remove(SHA)).resolves.toBeUndefined();
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
