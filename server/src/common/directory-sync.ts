/**
 * A rename or a new file is durable only once the directory holding its name is fsynced. Some
 * platforms cannot open or fsync a directory (Windows, some network file systems) and say so with
 * these codes; there, the directory's own durability is the file system's business.
 */
const DIRECTORY_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'EPERM']);

/** The error says this platform cannot fsync a directory (not that the disk failed). */
export const directorySyncUnsupported = (error: unknown): boolean =>
  DIRECTORY_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '');
