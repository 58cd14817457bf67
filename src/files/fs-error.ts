/**
 * A file-system failure in words a user can act on: the code Node gives
 * (ENOSPC, EACCES, ...) with what it means, never a stack trace.
 */
const MEANINGS: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'no such file or folder',
  EEXIST: 'it already exists',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'the disk reported an input/output error',
};

/** The Node error code of a file-system failure, when it has one. */
export function fsErrorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/** "ENOSPC: the disk is full", or the error's own message when its code is not one we know. */
export function describeFsError(error: unknown): string {
  const code = fsErrorCode(error);
  const meaning = code === undefined ? undefined : MEANINGS[code];
  if (code !== undefined && meaning !== undefined) return `${code}: ${meaning}`;
  return error instanceof Error ? error.message : String(error);
}
